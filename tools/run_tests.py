"""Runs the Python test programs under krait and compares with python3.11's recorded output.

  run_tests.py [--krait build/krait] [--jobs N] [--timeout S] [-v] [SUBSTRING ...]

Prints one line per failure (with a short diff) and the summary "N passed, M failed";
exits 1 if anything failed. See testlib.py for what a test is.
"""
import argparse
import concurrent.futures
import difflib
import os
import sys

import testlib


def check(krait, test, timeout):
    out, err, status = testlib.run(krait, test, timeout)
    want_out, want_err, want_status = testlib.expected(test)
    if want_out is None:
        return "no expected output (run tools/regen_expected.py)"
    if status is None:
        return f"timed out after {timeout}s"
    problems = []
    if status != want_status:
        problems.append(f"exit status {status}, expected {want_status}")
    if out != want_out:
        problems.append("stdout differs:\n" + diff(want_out, out))
    if err != want_err:
        problems.append("stderr differs:\n" + diff(want_err, err))
    return "\n".join(problems) or None


def diff(expected, actual, limit=20):
    lines = list(difflib.unified_diff(expected.decode("utf-8", "replace").splitlines(),
                                      actual.decode("utf-8", "replace").splitlines(),
                                      "expected", "krait", lineterm="", n=1))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)"]
    return "\n".join("    " + line for line in lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", default=os.path.join(testlib.ROOT, "build", "krait"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("selection", nargs="*")
    args = parser.parse_args()
    krait = os.path.abspath(args.krait)
    tests = testlib.find_tests(args.selection)
    failed = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = pool.map(lambda t: (t, check(krait, t, args.timeout)), tests)
        for test, problem in results:
            name = os.path.relpath(test, testlib.ROOT)
            if problem:
                failed.append(name)
                print(f"FAIL {name}: {problem}", flush=True)
            elif args.verbose:
                print(f"ok   {name}", flush=True)
    print(f"{len(tests) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
