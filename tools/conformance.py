"""Runs CPython's own regression tests (Debian's libpython3.11-testsuite) under krait.

  conformance.py --all                 run every test module, record the results
  conformance.py --check               run the modules listed as passing; fail if one no longer passes
  conformance.py test_list test_dict   run the named modules and show their results

Each module runs as `krait -m unittest test.<module>` in a fresh temporary directory with
a timeout. A module passes when unittest reports OK (skips allowed). --all rewrites
tests/conformance/results.tsv (one line per module: status, tests run, failures, errors,
skipped, seconds) and adds the modules that passed to tests/conformance/passing.txt;
modules are never dropped from passing.txt by a run: a module that stops passing is a
regression for --check to report (remove it by hand, with a reason in the commit).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CONFORMANCE = os.path.join(ROOT, "tests", "conformance")
PASSING = os.path.join(CONFORMANCE, "passing.txt")
RESULTS = os.path.join(CONFORMANCE, "results.tsv")
TEST_DIR = "/usr/lib/python3.11/test"
# Modules that need resources CI does not have or that exercise the interpreter's own
# build (regrtest itself, the C API, the embedding tests).
NOT_RUN = {
    "test_capi", "test_embed", "test_regrtest", "test_peg_generator", "test_clinic", "test_tools",
    "test_venv", "test_gdb", "test_ttk", "test_tkinter", "test_idle", "test_tix", "test_ttk_guionly",
    "test_ttk_textonly", "test_curses", "test_winreg", "test_winconsoleio", "test_winsound", "test_msilib",
    "test_launcher", "test_support", "test_cppext", "test_check_c_globals", "test_stable_abi_ctypes",
}
SUMMARY = re.compile(rb"^Ran (\d+) tests? in ([\d.]+)s", re.M)
OUTCOME = re.compile(rb"^(OK|FAILED)(?: \((.*)\))?\s*$", re.M)


def all_modules():
    names = []
    for entry in sorted(os.listdir(TEST_DIR)):
        path = os.path.join(TEST_DIR, entry)
        if not entry.startswith("test_"):
            continue
        if entry.endswith(".py"):
            name = entry[:-3]
        elif os.path.isdir(path) and os.path.exists(os.path.join(path, "__init__.py")):
            name = entry
        else:
            continue
        if name not in NOT_RUN:
            names.append(name)
    return names


def run_module(krait, name, timeout):
    """Returns (name, status, run, failures, errors, skipped, seconds, tail of output)."""
    workdir = tempfile.mkdtemp(prefix="krait-conformance-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KRAIT"))}
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONDONTWRITEBYTECODE="1", HOME=workdir, TMPDIR=workdir)
    start = time.monotonic()
    try:
        done = subprocess.run([krait, "-m", "unittest", "test." + name], cwd=workdir, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        output, code = done.stdout + done.stderr, done.returncode
    except subprocess.TimeoutExpired as e:
        output, code = (e.stdout or b"") + (e.stderr or b""), None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    seconds = time.monotonic() - start
    run = failures = errors = skipped = 0
    summary = SUMMARY.search(output)
    if summary:
        run = int(summary.group(1))
    outcome = None
    for outcome in OUTCOME.finditer(output):
        pass
    if outcome and outcome.group(2):
        for part in outcome.group(2).split(b","):
            key, _, value = part.strip().partition(b"=")
            if value.isdigit():
                if key == b"failures":
                    failures = int(value)
                elif key == b"errors":
                    errors = int(value)
                elif key == b"skipped":
                    skipped = int(value)
    if code is None:
        status = "timeout"
    elif code < 0:
        status = "crash"
    elif code == 0 and outcome and outcome.group(1) == b"OK" and summary:
        status = "pass"
    elif summary:
        status = "fail"
    else:
        status = "error"  # did not get as far as running tests (import failure, ...)
    tail = b"\n".join(output.strip().splitlines()[-6:]).decode("utf-8", "replace")
    return name, status, run, failures, errors, skipped, seconds, tail


def read_passing():
    try:
        with open(PASSING) as f:
            return [line.strip() for line in f if line.strip() and not line.startswith("#")]
    except FileNotFoundError:
        return []


def write_passing(names):
    with open(PASSING, "w") as f:
        f.write("# CPython test modules that pass completely under krait (tools/conformance.py --all adds to it;\n")
        f.write("# --check, run by `make test`, fails if one of them stops passing).\n")
        for name in sorted(set(names)):
            f.write(name + "\n")


def run_many(krait, names, jobs, timeout, verbose):
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_module, krait, name, timeout) for name in names]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            results.append(result)
            name, status, run, failures, errors, skipped, seconds, tail = result
            if verbose or status != "pass":
                print(f"{status:8} {name} (ran {run}, failures {failures}, errors {errors}, "
                      f"skipped {skipped}, {seconds:.1f}s)", flush=True)
                if verbose and status != "pass":
                    print("    " + tail.replace("\n", "\n    "), flush=True)
    return sorted(results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", default=os.path.join(ROOT, "build", "krait"))
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("modules", nargs="*")
    args = parser.parse_args()
    krait = os.path.abspath(args.krait)
    if not os.path.isdir(TEST_DIR):
        print(f"{TEST_DIR} is missing: install libpython3.11-testsuite (make deps)", file=sys.stderr)
        return 2

    if args.check:
        names = read_passing()
        results = run_many(krait, names, args.jobs, args.timeout, args.verbose)
        lost = [r[0] for r in results if r[1] != "pass"]
        print(f"conformance: {len(names) - len(lost)} of {len(names)} passing modules still pass")
        if lost:
            print("no longer passing: " + " ".join(lost))
            return 1
        return 0

    names = all_modules() if args.all else args.modules
    results = run_many(krait, names, args.jobs, args.timeout, args.verbose)
    passed = [r[0] for r in results if r[1] == "pass"]
    total_tests = sum(r[2] for r in results)
    bad_tests = sum(r[3] + r[4] for r in results)
    print(f"conformance: {len(passed)} of {len(results)} modules pass; "
          f"{total_tests - bad_tests} of {total_tests} tests ran without failure or error")
    if args.all:
        with open(RESULTS, "w") as f:
            f.write("module\tstatus\trun\tfailures\terrors\tskipped\tseconds\n")
            for name, status, run, failures, errors, skipped, seconds, _ in results:
                f.write(f"{name}\t{status}\t{run}\t{failures}\t{errors}\t{skipped}\t{seconds:.1f}\n")
        write_passing(read_passing() + passed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
