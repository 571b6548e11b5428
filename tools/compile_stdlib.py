#!/usr/bin/python3.11
"""Compile every stdlib file with krait's compile() builtin and with python3.11's, and
report the files whose outcome differs (compiled vs. the exception type, message and
location).

  tools/compile_stdlib.py --krait BUILD/krait [--root /usr/lib/python3.11] [-v]
"""
import argparse
import os
import subprocess
import sys

# Run by both interpreters: one line per file, "OK" or the exception's description.
PROBE = r'''
import sys
def describe(path):
    try:
        with open(path, "rb") as f:
            source = f.read()
        compile(source, path, "exec", dont_inherit=True)
        return "OK"
    except SyntaxError as e:
        return f"{type(e).__name__}: {e.msg} ({e.lineno}, {e.offset}, {e.end_lineno}, {e.end_offset})"
    except Exception as e:
        return f"{type(e).__name__}: {e}"
for line in sys.stdin:
    path = line.rstrip("\n")
    print(path, describe(path), sep="\t", flush=True)
'''


def outcomes(interpreter, files):
    result = subprocess.run([interpreter, "-c", PROBE], input="\n".join(files) + "\n",
                            capture_output=True, text=True, errors="replace")
    table = {}
    for line in result.stdout.splitlines():
        path, _, outcome = line.partition("\t")
        table[path] = outcome
    if result.returncode != 0:
        sys.stderr.write(f"{interpreter} exited with {result.returncode}:\n{result.stderr[-2000:]}\n")
    return table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--krait", required=True)
    ap.add_argument("--root", default="/usr/lib/python3.11")
    ap.add_argument("-v", action="store_true", help="show both outcomes for differences")
    args = ap.parse_args()
    files = []
    for dirpath, dirnames, filenames in os.walk(args.root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages"))
        files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    env_seed = dict(os.environ, PYTHONHASHSEED="0")
    os.environ.update(env_seed)
    expected = outcomes("/usr/bin/python3.11", files)
    got = outcomes(args.krait, files)
    differ = 0
    for path in files:
        want, have = expected.get(path, "<missing>"), got.get(path, "<missing>")
        if want != have:
            differ += 1
            print(f"DIFF {path}")
            if args.v:
                print(f"  python3.11: {want}\n  krait:      {have}")
    failing = sum(1 for path in files if expected.get(path) != "OK")
    print(f"{len(files) - differ}/{len(files)} same outcome ({failing} files fail under python3.11)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
