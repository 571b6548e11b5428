"""Runs one CPython test module for tools/conformance.py, under krait or python3.11 alike.

  conformance_driver.py STATE SKIPS test_x     (SKIPS: deny-list files, os.pathsep-separated)

Loads test.<name> as regrtest does (its test_main() when it has one, otherwise every test
the unittest loader finds, load_tests and doctest suites included), drops the test ids
SKIPS deny-lists, and runs the rest with a text runner. STATE is rewritten after every
test (key<TAB>value lines), so a timeout or a crash still says where it happened.
"""
import os
import sys
import time

if __name__ == "__main__":
    # Like `-m unittest`: the working directory, not tools/, comes first on the path.
    if sys.path and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
        sys.path[0] = os.getcwd()
    # The rest of this file runs as the module conformance_driver, so that __main__ holds
    # as few names as under `-m unittest` (test_rlcompleter completes names from it).
    import importlib.util
    spec = importlib.util.spec_from_file_location("conformance_driver", __file__)
    driver = sys.modules["conformance_driver"] = importlib.util.module_from_spec(spec)
    del spec
    driver.__spec__.loader.exec_module(driver)
    sys.exit(driver.main())

import importlib
import traceback
import unittest
import warnings

# Set by main(); multiprocessing's spawn re-imports this file as __mp_main__ in every child
# it starts, so nothing may run at import time.
STATE = SKIPS = NAME = ""
DENIED = ()
state = result = stream = None
original_run_unittest = original_run_doctest = None
# Bound now: a test that patches os must not break the bookkeeping.
_open, _write, _close, _replace = os.open, os.write, os.close, os.replace


def one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def exception_line(exc_info):
    kind, value = exc_info[0], exc_info[1]
    try:
        text = str(value)
        if text.startswith("Failed doctest test for"):
            return doctest_failure(text)
        return one_line(traceback.format_exception_only(kind, value)[-1])
    except BaseException:
        return getattr(kind, "__name__", "exception")


def doctest_failure(report):
    """The first failed example of a doctest report: its source and what it gave instead."""
    blocks, label = {}, None
    lines = report.split("Failed example:", 1)[-1].split("-" * 70, 1)[0].splitlines()
    for line in lines:
        if line.rstrip() in ("Expected:", "Got:", "Exception raised:", "Expected nothing", "Got nothing"):
            label = line.rstrip()
            blocks[label] = []
        elif line.strip():
            blocks.setdefault(label, []).append(line.strip())
    source = (blocks.get(None) or ["?"])[0]
    expected = (blocks.get("Expected:") or ["nothing"])[0]
    if "Exception raised:" in blocks:
        return one_line(f"doctest `{source}` raised {blocks['Exception raised:'][-1]}")
    got = blocks.get("Got:") or ["nothing"]
    got = got[-1] if got[0].startswith("Traceback") else got[0]
    return one_line(f"doctest `{source}`: expected {expected}, got {got}")


class State:
    """What STATE holds: the phase, the test in progress, the counts and the first problem."""

    def __init__(self):
        self.fields = {"module": NAME, "phase": "import", "current": "", "run": 0, "passed": 0,
                       "failures": 0, "errors": 0, "skipped": 0, "unexpected": 0, "denied": 0,
                       "first": "", "last": ""}

    def set(self, **fields):
        self.fields.update(fields)
        self.save()

    def add(self, key):
        self.fields[key] += 1

    def problem(self, text):
        if not self.fields["first"]:
            self.fields["first"] = one_line(text)

    def save(self):
        text = "".join(f"{key}\t{one_line(value, 1000)}\n" for key, value in self.fields.items())
        fd = _open(STATE + ".new", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            _write(fd, text.encode("utf-8", "replace"))
        finally:
            _close(fd)
        _replace(STATE + ".new", STATE)


class Recorder(unittest.TextTestResult):
    """Counts a test as passed when none of its parts failed, errored or was skipped."""

    in_test = False

    def startTest(self, test):
        super().startTest(test)
        self._clean = True
        self.in_test = True
        state.add("run")
        state.set(current=test.id())

    def stopTest(self, test):
        super().stopTest(test)
        if self._clean:
            state.add("passed")
        self.in_test = False
        state.set(current="", last=test.id())

    def _spoil(self, key, label, test, err):
        self._clean = False
        state.add(key)
        if err is None:
            return
        if type(test).__name__ == "_FailedTest":  # the loader could not import a submodule
            lines = [line for line in str(err[1]).splitlines() if line.strip()]
            state.problem(f"cannot import {test._testMethodName}: {lines[-1] if lines else err[0].__name__}")
        else:
            state.problem(f"{label}: {test} -- {exception_line(err)}")

    def addError(self, test, err):
        super().addError(test, err)
        self._spoil("errors", "ERROR", test, err)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._spoil("failures", "FAIL", test, err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._spoil("failures" if failed else "errors", "FAIL" if failed else "ERROR", subtest, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._clean = False
        state.add("skipped")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._spoil("unexpected", "UNEXPECTED SUCCESS", test, None)
        state.problem(f"UNEXPECTED SUCCESS: {test}")


def read_denied():
    """Ids from the SKIPS files (os.pathsep-separated) that belong to this module:
    `<test id> <reason>` per line, # comments."""
    denied = []
    for path in SKIPS.split(os.pathsep):
        try:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    words = line.split("#", 1)[0].split()
                    if words and (words[0] == f"test.{NAME}" or words[0].startswith(f"test.{NAME}.")):
                        denied.append(words[0].rstrip("."))
        except FileNotFoundError:
            pass
    return tuple(denied)


def prune(suite):
    """Removes deny-listed tests (an id, or a prefix of ids ending at a dot) from suite."""
    kept = []
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            prune(test)
            kept.append(test)
            continue
        test_id = test.id()
        if any(test_id == d or test_id.startswith(d + ".") for d in DENIED):
            state.add("denied")
        else:
            kept.append(test)
    suite._tests = kept


def run_suite(suite):
    if DENIED:
        prune(suite)
    state.set(phase="run")
    with warnings.catch_warnings():
        if not sys.warnoptions:
            warnings.simplefilter("default")  # what `python -m unittest` does
        suite(result)  # as TextTestRunner.run calls it


def run_unittest(*classes):
    """Stands in for test.support.run_unittest so test_main() modules feed the same result
    (a test that itself calls run_unittest, as test_trace does, gets the original)."""
    if result.in_test:
        return original_run_unittest(*classes)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for item in classes:
        if isinstance(item, str):
            suite.addTest(loader.loadTestsFromModule(sys.modules[item]))
        elif isinstance(item, (unittest.TestSuite, unittest.TestCase)):
            suite.addTest(item)
        else:
            suite.addTest(loader.loadTestsFromTestCase(item))
    run_suite(suite)


def run_doctest(module, verbosity=None, optionflags=0):
    """Stands in for test.support.run_doctest: the module's docstrings, one test each."""
    if result.in_test:
        return original_run_doctest(module, verbosity, optionflags)
    import doctest
    suite = doctest.DocTestSuite(module, optionflags=optionflags)
    before = len(result.failures) + len(result.errors)
    run_suite(suite)
    return len(result.failures) + len(result.errors) - before, suite.countTestCases()


def main():
    global STATE, SKIPS, NAME, DENIED, state, result, stream, original_run_unittest, original_run_doctest
    STATE, SKIPS, NAME = sys.argv[1:4]
    sys.argv[1:] = []
    DENIED = read_denied()
    state = State()
    stream = unittest.runner._WritelnDecorator(sys.stderr)
    result = Recorder(stream, True, 1)
    from test import support
    support.verbose = 0
    support.use_resources = []  # regrtest's default: no -u resources (network, cpu, ...)
    original_run_unittest, original_run_doctest = support.run_unittest, support.run_doctest
    support.run_unittest = run_unittest
    support.run_doctest = run_doctest
    state.save()
    start = time.perf_counter()
    try:
        module = importlib.import_module("test." + NAME)
    except unittest.SkipTest as e:
        state.set(phase="skip", first=f"skipped: {one_line(e)}")
        print(f"{NAME} skipped -- {e}", file=sys.stderr)
        return 0
    except BaseException:
        state.set(phase="import", first=f"import: {exception_line(sys.exc_info())}")
        traceback.print_exc()
        return 1
    try:
        test_main = getattr(module, "test_main", None)
        if test_main is not None:
            test_main()
        else:
            run_suite(unittest.TestLoader().loadTestsFromModule(module))
    except BaseException:
        current, last = state.fields["current"], state.fields["last"]
        state.add("errors")
        state.problem(f"ERROR: {exception_line(sys.exc_info())} escaped the test run"
                      + (f" in {current}" if current else f" after {last}" if last else ""))
        traceback.print_exc()
    seconds = time.perf_counter() - start
    result.printErrors()
    stream.writeln(result.separator2)
    run = result.testsRun
    stream.writeln(f"Ran {run} test{'' if run == 1 else 's'} in {seconds:.3f}s\n")
    parts = [f"{key}={state.fields[key]}" for key in ("failures", "errors", "skipped", "unexpected", "denied")
             if state.fields[key]]
    ok = not (state.fields["failures"] or state.fields["errors"] or state.fields["unexpected"])
    stream.writeln(("OK" if ok else "FAILED") + (f" ({', '.join(parts)})" if parts else ""))
    state.set(phase="done" if ok else "failed", current="")
    return 0 if ok else 1
