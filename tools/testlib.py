"""Shared by run_tests.py and regen_expected.py: which files are tests and how one runs.

A test is tests/<area>/NNN_name.py (three digits first). It runs with its own directory as
the working directory and its file name as the only argument, under a fixed environment
(PYTHONHASHSEED=0, UTF-8 locale). The main script's path is absolute in tracebacks (as in
CPython), so the test directory is cut from its output to keep expectations portable.
Its expectations, all produced by python3.11 (regen_expected.py), sit beside it:
  NNN_name.out     stdout
  NNN_name.err     stderr (only when python3.11 wrote any)
  NNN_name.status  exit status (only when not 0)
A test that crashes on purpose (faulthandler) names the sanitizer signal handlers to step
aside with a line "# asan-options: handle_segv=0:..." among its first lines; they are
appended to ASAN_OPTIONS (inherited by its children) and mean nothing to python3.11.
"""
import os
import re
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TESTS = os.path.join(ROOT, "tests")
TEST_NAME = re.compile(r"^\d{3}_[\w-]+\.py$")
SKIP_DIRS = {"conformance", "unit", "__pycache__"}


def find_tests(selection=()):
    found = []
    for directory, subdirs, files in os.walk(TESTS):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS)
        for name in sorted(files):
            if TEST_NAME.match(name):
                found.append(os.path.join(directory, name))
    if selection:
        found = [t for t in found if any(s in os.path.relpath(t, ROOT) for s in selection)]
    return found


def environment(test=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KRAIT"))}
    env.update(PYTHONHASHSEED="0", LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONDONTWRITEBYTECODE="1")
    options = test and asan_options(test)
    if options:
        env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"), options]))
    return env


def asan_options(test):
    with open(test, encoding="utf-8") as f:
        for line in f.readlines()[:10]:
            if line.startswith("# asan-options:"):
                return line.split(":", 1)[1].strip()
    return None


def run(interpreter, test, timeout):
    """Returns (stdout, stderr, status); status None means it timed out."""
    try:
        done = subprocess.run([interpreter, os.path.basename(test)], cwd=os.path.dirname(test),
                              env=environment(test), capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return portable(test, e.stdout or b""), portable(test, e.stderr or b""), None
    return portable(test, done.stdout), portable(test, done.stderr), done.returncode


def portable(test, output):
    return output.replace(os.path.dirname(test).encode() + b"/", b"")


def expected(test):
    base = test[:-3]
    def read(suffix, default):
        try:
            with open(base + suffix, "rb") as f:
                return f.read()
        except FileNotFoundError:
            return default
    status = read(".status", b"0")
    return read(".out", None), read(".err", b""), int(status)
