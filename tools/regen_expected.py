"""Regenerates the expected output of the test programs by running python3.11 on them.

  regen_expected.py [--python /usr/bin/python3.11] [SUBSTRING ...]

Expected output is never written by hand: change a test, then rerun this. Also reruns
the other generators (make regen).
"""
import argparse
import os
import subprocess
import sys

import testlib


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", default="/usr/bin/python3.11")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("selection", nargs="*")
    args = parser.parse_args()
    for test in testlib.find_tests(args.selection):
        out, err, status = testlib.run(args.python, test, args.timeout)
        if status is None:
            print(f"{test}: python3.11 timed out", file=sys.stderr)
            continue
        base = test[:-3]
        with open(base + ".out", "wb") as f:
            f.write(out)
        for suffix, content, keep in ((".err", err, bool(err)), (".status", str(status).encode(), status != 0)):
            if keep:
                with open(base + suffix, "wb") as f:
                    f.write(content)
            elif os.path.exists(base + suffix):
                os.remove(base + suffix)
    if not args.selection:
        for generator in ("gen_stdlib_module_names.py",):
            subprocess.run([args.python, os.path.join(testlib.ROOT, "tools", generator)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
