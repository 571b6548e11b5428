"""Writes tools/build/symbol_order.txt, the order the linker lays krait's functions and data
out in (CMakeLists.txt passes it to lld as --symbol-ordering-file).

  /usr/bin/python3.11 tools/build/gen_symbol_order.py [--krait build/krait]

Why: every page of the executable that start-up touches counts in the process's resident
set, and the kernel maps the 64 KiB around each page fault of a file mapping ("fault
around"). Start-up (`krait -c pass`) runs ~1,500 functions (~0.9 MB of code) that the
compiler scatters over the 6.5 MB of .text, so nearly all of it became resident. Put
next to each other, they take a seventh of that; the same goes for the data start-up
reads (the frozen modules' marshalled code, method tables, the dispatch table).

What it runs, under valgrind (so: slow, a few minutes): callgrind on `-c pass` and on the
training programs below (the functions they execute, in that priority), and lackey on
`-c pass` (the data objects start-up reads or writes). Only names go into the file, so
it stays valid across edits: a symbol that no longer exists is skipped by the linker,
and a new function simply lands after the ordered ones. Rerun it after large changes to
start-up or the interpreter loop.
"""
import argparse
import bisect
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUTPUT = os.path.join(ROOT, "tools", "build", "symbol_order.txt")
# After start-up: the code ordinary programs run (the interpreter loop, calls, objects),
# so a program's own pages stay together too.
TRAINING = [
    ["-c", "pass"],
    ["-c", "import unittest, argparse, re, asyncio"],
    [os.path.join(ROOT, "bench", "programs", "fib.py")],
    [os.path.join(ROOT, "bench", "programs", "deltablue.py")],
]
CALLGRIND_FUNCTION = re.compile(r"^fn=\(\d+\)(?: (.*))?$")


def executed_functions(krait, arguments, scratch):
    """Mangled names of krait's functions that `krait ARGUMENTS` executes, most
    instructions first."""
    out = os.path.join(scratch, "callgrind.out")
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
                    krait] + arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=dict(os.environ, XDG_CACHE_HOME=scratch), cwd=scratch)
    done = subprocess.run(["callgrind_annotate", "--threshold=100", out], check=True, capture_output=True,
                          text=True)
    names = []
    for line in done.stdout.splitlines():
        # "1,234 (0.1%)  ???:NAME [/path/krait]"; recursion depth suffixes ('2) dropped
        if not line.rstrip().endswith(f"[{krait}]") or ":" not in line:
            continue
        name = line.split(":", 1)[1].rsplit(" [", 1)[0]
        name = re.sub(r"'\d+$", "", name)
        if name not in names:
            names.append(name)
    return names


def symbol_table(krait):
    """(address, size, name) of krait's sized symbols, sorted by address."""
    done = subprocess.run(["nm", "-S", krait], check=True, capture_output=True, text=True)
    symbols = []
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "rRdDbBvV":
            symbols.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
    symbols.sort()
    return symbols


def touched_data(krait, arguments, scratch):
    """Names of krait's data objects that `krait ARGUMENTS` reads or writes, in order of
    first access."""
    symbols = symbol_table(krait)
    starts = [s[0] for s in symbols]
    low, high = symbols[0][0], symbols[-1][0] + symbols[-1][1]
    seen, names = set(), []
    read_end, write_end = os.pipe()
    trace = subprocess.Popen(["valgrind", "--tool=lackey", "--trace-mem=yes", f"--log-fd={write_end}", krait]
                             + arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=dict(os.environ, XDG_CACHE_HOME=scratch), cwd=scratch, pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end, "rb", buffering=1 << 20) as log:
        for line in log:
            # " L 0c57180,8" / " S ..." / " M ...": data accesses; "I  ..." instructions
            if line[:1] != b" ":
                continue
            address = int(line[3:].split(b",", 1)[0], 16)
            if not low <= address < high or address >> 4 in seen:
                continue
            seen.add(address >> 4)
            i = bisect.bisect_right(starts, address) - 1
            if i >= 0 and address < symbols[i][0] + symbols[i][1] and symbols[i][2] not in names:
                names.append(symbols[i][2])
    trace.wait()
    return names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", default=os.path.join(ROOT, "build", "krait"))
    args = parser.parse_args()
    krait = os.path.abspath(args.krait)
    order = []
    with tempfile.TemporaryDirectory(prefix="krait-order-") as scratch:
        for i, arguments in enumerate(TRAINING):
            print("callgrind:", " ".join(arguments), file=sys.stderr, flush=True)
            order += [name for name in executed_functions(krait, arguments, scratch) if name not in order]
            if i == 0:
                print("lackey:", " ".join(arguments), file=sys.stderr, flush=True)
                order += [name for name in touched_data(krait, arguments, scratch) if name not in order]
    with open(OUTPUT, "w") as f:
        f.write("# generated by tools/build/gen_symbol_order.py from a run of build/krait; do not edit\n")
        f.write("\n".join(order) + "\n")
    print(f"{len(order)} symbols -> {os.path.relpath(OUTPUT, ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
