"""Runs CPython's own regression tests (Debian's libpython3.11-testsuite) under krait.

  conformance.py --all             run every test module under krait (and under python3.11
                                   when tests/conformance/cpython.tsv is missing or stale),
                                   write results.tsv and STATUS.md, grow passing.txt
  conformance.py --all test_x ...  re-record only these modules (merged into results.tsv)
  conformance.py --cpython [test_x ...]  (re)record python3.11's results in cpython.tsv
  conformance.py --status          rewrite STATUS.md from results.tsv and cpython.tsv
  conformance.py --check           run the modules in passing.txt; fail if one no longer passes
  conformance.py test_list ...     run the named modules under krait and show their results

Every module runs in its own process through tools/conformance_driver.py (which loads it
as regrtest does: test_main(), load_tests and doctests included, minus the test ids that
tests/conformance/skips.txt deny-lists), in a fresh temporary directory, with a timeout,
PYTHONHASHSEED=0 and regrtest's default resources (none: no network, cpu, largefile...).
The two interpreters go through the same harness, so python3.11's results say what this
machine allows. A module passes when every test it ran passed (skips allowed). Modules are
never dropped from passing.txt by a run: a module that stops passing is a regression for
--check to report (remove it by hand, with a reason in the commit).
"""
import argparse
import concurrent.futures
import datetime
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
CONFORMANCE = os.path.join(ROOT, "tests", "conformance")
PASSING = os.path.join(CONFORMANCE, "passing.txt")
RESULTS = os.path.join(CONFORMANCE, "results.tsv")
CPYTHON_RESULTS = os.path.join(CONFORMANCE, "cpython.tsv")
SKIPS = os.path.join(CONFORMANCE, "skips.txt")
# Tests of CPython's implementation details (its bytecode, say) that the issues allow krait
# to skip, each with its reason; left out for krait only.
DETAILS = os.path.join(CONFORMANCE, "cpython_details.txt")
STATUS = os.path.join(CONFORMANCE, "STATUS.md")
DRIVER = os.path.join(ROOT, "tools", "conformance_driver.py")
CPYTHON = "/usr/bin/python3.11"
TEST_DIR = "/usr/lib/python3.11/test"
TEST_PACKAGE = "libpython3.11-testsuite"
# Modules that need resources CI does not have or that exercise the interpreter's own
# build (regrtest itself, the C API, the embedding tests).
NOT_RUN = {
    "test_capi", "test_embed", "test_regrtest", "test_peg_generator", "test_clinic", "test_tools",
    "test_venv", "test_gdb", "test_ttk", "test_tkinter", "test_idle", "test_tix", "test_ttk_guionly",
    "test_ttk_textonly", "test_curses", "test_winreg", "test_winconsoleio", "test_winsound", "test_msilib",
    "test_launcher", "test_support", "test_cppext", "test_check_c_globals", "test_stable_abi_ctypes",
}
# Which part of krait a module mostly exercises; a module not named here is "stdlib".
AREAS = {
    "language": """
        test___future__ test_future test_future3 test_future4 test_future5 test_grammar test_syntax
        test_generators test_genexps test_generator_stop test_coroutines test_asyncgen test_yield_from
        test_scope test_global test_keywordonlyarg test_positional_only_arg test_named_expressions
        test_patma test_except_star test_exceptions test_exception_variations test_exception_group
        test_baseexception test_raise test_with test_augassign test_binop test_unary test_compare
        test_richcmp test_contains test_opcodes test_listcomps test_setcomps test_dictcomps
        test_decorators test_class test_metaclass test_subclassinit test_descr test_descrtut
        test_super test_property test_funcattrs test_extcall test_call test_unpack test_unpack_ex
        test_fstring test_string_literals test_int_literal test_eof test_longexp test_compile
        test_type_annotations test_type_comments test_pep646_syntax test_utf8source
        test_source_encoding test_unicode_identifiers test_tokenize test_ast test_unparse
        test_keyword test_dynamic test_dynamicclassattribute test_isinstance test_typechecks
        test_genericclass test_genericalias test_iter test_iterlen test_print test_module
        test_import test_importlib test_pkg test_runpy test_zipimport test_zipimport_support
        test_symtable test_flufl test_frame test_sys_settrace test_sys_setprofile test_opcache
    """,
    "types": """
        test_int test_long test_float test_complex test_bool test_list test_tuple test_dict
        test_set test_bytes test_unicode test_ucn test_range test_slice test_memoryview test_buffer
        test_enumerate test_builtin test_types test_sort test_dictviews test_dict_version
        test_format test_hash test_structseq test_numeric_tower test_strtod test_index test_pow
        test_exception_hierarchy test_type_cache test_bigmem test_bigaddrspace
    """,
    "memory": """
        test_gc test_weakref test_weakset test_finalization test_tracemalloc
    """,
    "concurrency": """
        test_threading test_thread test_threading_local test_threadsignals test_threadedtempfile
        test_queue test_concurrent_futures test_multiprocessing_fork test_multiprocessing_forkserver
        test_multiprocessing_spawn test_multiprocessing_main_handling test_asyncio test_asyncore
        test_asynchat test_contextlib_async test_context test_fork1 test_wait3 test_wait4
        test_signal test_select test_selectors test_epoll test_poll test_kqueue test_devpoll
        test_subprocess test_eintr test_file_eintr test_timeout test__xxsubinterpreters
        test_interpreters
    """,
    "other": """
        test_sys test_cmd_line test_cmd_line_script test_c_locale_coercion test_utf8_mode test_site
        test_audit test_atexit test_faulthandler test_getpath test_frozen test_lltrace test_dtrace
        test_crashers test_repl test_script_helper test__opcode test_xxlimited test_xxtestfuzz
        test_dis test_code test_peepholer test_ctypes test_osx_env test__osx_support
    """,
}
AREA_ORDER = ("language", "types", "memory", "stdlib", "concurrency", "other")
AREA_OF = {name: area for area, names in AREAS.items() for name in names.split()}
COLUMNS = ("module", "area", "status", "run", "passed", "failures", "errors", "skipped", "denied",
           "seconds", "reason")


def area_of(name):
    return AREA_OF.get(name, "stdlib")


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


def read_state(path):
    fields = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, _, value = line.rstrip("\n").partition("\t")
                fields[key] = value
    except FileNotFoundError:
        pass
    return fields


def last_line(output):
    for line in reversed(output.decode("utf-8", "replace").splitlines()):
        if line.strip():
            return " ".join(line.split())[:300]
    return "no output"


def run_module(interpreter, name, timeout, log_dir):
    """Runs one module in its own process group; returns a dict keyed by COLUMNS."""
    base = tempfile.mkdtemp(prefix="krait-conformance-")
    workdir = os.path.join(base, "cwd")
    os.mkdir(workdir)
    state_path = os.path.join(base, "state")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KRAIT"))}
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               HOME=workdir, TMPDIR=workdir)
    start = time.monotonic()
    deny_lists = SKIPS if interpreter == CPYTHON else os.pathsep.join((SKIPS, DETAILS))
    process = subprocess.Popen([interpreter, DRIVER, state_path, deny_lists, name], cwd=workdir, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               start_new_session=True)
    timed_out = False
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # The module's own process may have exited while a child it left holds the pipe.
        timed_out = process.poll() is None
        kill_group(process.pid)
        output, _ = process.communicate()
    finally:
        kill_group(process.pid)
    seconds = time.monotonic() - start
    code = process.returncode
    state = read_state(state_path)
    shutil.rmtree(base, ignore_errors=True)
    if log_dir:
        with open(os.path.join(log_dir, name + ".log"), "wb") as f:
            f.write(output)

    phase, current = state.get("phase", ""), state.get("current", "")
    if current:
        where = f" in {current}"
    else:
        where = {"done": " after the tests finished", "failed": " after the tests finished",
                 "import": " while importing the module"}.get(phase, "")
    if timed_out:
        status, reason = "timeout", f"timeout after {timeout:g}s{where}"
    elif code < 0:
        try:
            signame = signal.Signals(-code).name
        except ValueError:
            signame = f"signal {-code}"
        status, reason = "crash:" + signame, f"crash {signame}{where}"
    elif phase == "skip":
        status, reason = "skip", state.get("first", "")
    elif phase == "done" and code == 0:
        status, reason = "pass", ""
    elif phase in ("done", "failed", "run"):
        status = "fail"
        reason = state.get("first") or f"exit status {code}{where}"
    else:
        status = "error"  # did not get as far as running tests (import failure, ...)
        reason = state.get("first") or last_line(output)
    if status.startswith(("timeout", "crash")) and state.get("first"):
        reason += "; first problem: " + state["first"]
    result = {"module": name, "area": area_of(name), "status": status, "seconds": f"{seconds:.1f}",
              "reason": reason.replace("\t", " ")}
    for key in ("run", "passed", "failures", "errors", "skipped", "denied"):
        result[key] = int(state.get(key) or 0)
    return result


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def describe(interpreter):
    done = subprocess.run([interpreter, "-c", "import sys; print(sys.version.split()[0], sys.implementation.name)"],
                          capture_output=True, text=True)
    return done.stdout.strip() or interpreter


def test_package_version():
    done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", TEST_PACKAGE], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def write_results(path, results, header):
    with open(path, "w") as f:
        f.write(f"# {header}\n")
        f.write("\t".join(COLUMNS) + "\n")
        for result in sorted(results, key=lambda r: r["module"]):
            f.write("\t".join(str(result[key]) for key in COLUMNS) + "\n")


def read_results(path):
    """Returns (header comment, {module: result})."""
    header, results = "", {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("#"):
                    header = line[1:].strip()
                    continue
                values = line.split("\t")
                if values[0] == "module" or len(values) != len(COLUMNS):
                    continue
                result = dict(zip(COLUMNS, values))
                for key in ("run", "passed", "failures", "errors", "skipped", "denied"):
                    result[key] = int(result[key])
                results[result["module"]] = result
    except FileNotFoundError:
        pass
    return header, results


def read_passing():
    try:
        with open(PASSING) as f:
            return [line.strip() for line in f if line.strip() and not line.startswith("#")]
    except FileNotFoundError:
        return []


def write_passing(names):
    with open(PASSING, "w") as f:
        # One line, so that sorting the file by hand keeps it in place.
        f.write("# CPython test modules passing under krait: conformance.py --all adds, --check (make test) fails if one stops\n")
        for name in sorted(set(names)):
            f.write(name + "\n")


def read_skips(path=SKIPS):
    """skips.txt: `<test id or prefix> <reason>` per line; returns [(id, reason)]."""
    skips = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                words = line.split("#", 1)[0].split(None, 1)
                if words:
                    skips.append((words[0], words[1].strip() if len(words) > 1 else "(no reason given)"))
    except FileNotFoundError:
        pass
    return skips


def run_many(interpreter, names, jobs, timeout, verbose, log_dir=None, previous=None):
    """Runs the modules, longest (by previous seconds) first so the last ones finish together."""
    previous = previous or {}
    names = sorted(names, key=lambda n: -float(previous.get(n, {}).get("seconds", 0)))
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_module, interpreter, name, timeout, log_dir) for name in names]
        for future in concurrent.futures.as_completed(futures):
            r = future.result()
            results.append(r)
            if verbose or r["status"] not in ("pass", "skip"):
                print(f"{r['status']:8} {r['module']} (ran {r['run']}, passed {r['passed']}, failures {r['failures']}, "
                      f"errors {r['errors']}, skipped {r['skipped']}, {r['seconds']}s) {r['reason']}", flush=True)
    return sorted(results, key=lambda r: r["module"])


def make_log_dir(label):
    path = os.path.join(tempfile.gettempdir(), "krait-conformance-logs", label)
    os.makedirs(path, exist_ok=True)
    return path


def record_cpython(args):
    """Records python3.11's results: every module (or those named, merged into cpython.tsv).
    A module that does not pass is run once more on its own: on a loaded machine python3.11
    has its own timing-sensitive failures, and they should not shrink what krait is measured on."""
    version = test_package_version()
    _, previous = read_results(CPYTHON_RESULTS)
    names = args.modules or all_modules()
    print(f"conformance: recording {CPYTHON} on {TEST_PACKAGE} {version} ({args.jobs} jobs)", flush=True)
    start = time.monotonic()
    log_dir = make_log_dir("cpython")
    results = {r["module"]: r for r in run_many(CPYTHON, names, args.jobs, args.timeout, args.verbose, log_dir, previous)}
    again = [name for name, r in results.items() if r["status"] != "pass"]
    if again:
        print(f"conformance: running the {len(again)} modules that did not pass once more, one at a time", flush=True)
        for r in run_many(CPYTHON, again, 1, args.timeout, args.verbose, log_dir, previous):
            if r["status"] == "pass":
                results[r["module"]] = r
    minutes = (time.monotonic() - start) / 60
    if args.modules:
        header, results = read_results(CPYTHON_RESULTS)[0], {**previous, **results}
    else:
        header = (f"{CPYTHON} {describe(CPYTHON)}; {TEST_PACKAGE} {version}; PYTHONHASHSEED=0; "
                  f"timeout {args.timeout:g}s; {args.jobs} jobs; {minutes:.0f} min; {datetime.date.today().isoformat()}")
    write_results(CPYTHON_RESULTS, results.values(), header)
    passed = sum(r["status"] == "pass" for r in results.values())
    print(f"conformance: python3.11 passes {passed} of {len(results)} modules here ({minutes:.0f} min)")


def cpython_is_current():
    header, results = read_results(CPYTHON_RESULTS)
    return bool(results) and f"{TEST_PACKAGE} {test_package_version()};" in header


def cell(text):
    return str(text).replace("|", "\\|")


def write_status():
    """STATUS.md: per area, krait beside python3.11, counted over what python3.11 passes here."""
    krait_header, krait = read_results(RESULTS)
    cpython_header, cpython = read_results(CPYTHON_RESULTS)
    counted = [name for name in sorted(krait) if cpython.get(name, {}).get("status") == "pass"]
    apart = [name for name in sorted(krait) if name not in counted]

    def totals(names):
        files = sum(krait[n]["status"] == "pass" for n in names)
        tests = sum(min(krait[n]["passed"], cpython[n]["passed"]) for n in names)
        of_tests = sum(cpython[n]["passed"] for n in names)
        return files, len(names), tests, of_tests

    def percent(part, whole):
        return f"{100.0 * part / whole:.1f}%" if whole else "-"

    lines = ["# Conformance: CPython's test suite under krait", "",
             "Generated by `tools/conformance.py` (`make conformance`); do not edit.", "",
             f"- krait: {krait_header}", f"- python3.11: {cpython_header}",
             "- Each test module runs in its own process through tools/conformance_driver.py, in a fresh "
             "temporary directory, with PYTHONHASHSEED=0 and regrtest's default resources (none). Counted: "
             "the modules and test cases that pass under python3.11 on this machine. A test case passes "
             "when it ran without failure, error or skip; krait's count is capped per module at "
             "python3.11's.",
             "- Refresh: `make conformance` (python3.11 is re-run only when the Debian test package "
             "changed, or with `tools/conformance.py --cpython`); `tools/conformance.py --all test_x` "
             "re-records one module. Logs of the last run: $TMPDIR/krait-conformance-logs/.", ""]
    lines += ["## Totals", "", "| area | files passing | test cases passing |", "|---|---|---|"]
    by_area = {area: [n for n in counted if krait[n]["area"] == area] for area in AREA_ORDER}
    for area in AREA_ORDER + ("all",):
        files, of_files, tests, of_tests = totals(counted if area == "all" else by_area[area])
        bold = "**" if area == "all" else ""
        lines.append(f"| {bold}{area}{bold} | {bold}{files} / {of_files} ({percent(files, of_files)}){bold} | "
                     f"{bold}{tests} / {of_tests} ({percent(tests, of_tests)}){bold} |")
    lines.append("")
    for area in AREA_ORDER:
        files, of_files, tests, of_tests = totals(by_area[area])
        lines += [f"## {area}: {files} of {of_files} files, {tests} of {of_tests} test cases", "",
                  "| module | krait | passed | python3.11 | passed | krait's first failure |",
                  "|---|---|---|---|---|---|"]
        for n in by_area[area]:
            k, c = krait[n], cpython[n]
            reason = k["reason"]
            if k["status"] == "pass" and k["passed"] < c["passed"]:
                reason = f"passes, but {c['passed'] - k['passed']} fewer test cases pass than under python3.11 (skipped)"
            lines.append(f"| {n} | {k['status']} | {k['passed']} / {k['run']} | {c['status']} | "
                         f"{c['passed']} / {c['run']} | {cell(reason)} |")
        lines.append("")
    lines += ["## Not counted: not passing under python3.11 here", "",
              "No network, running as root, 2 cores, no -u resources: these modules fail or are skipped "
              "under python3.11 itself on this machine.", "",
              "| module | area | python3.11 | why | krait |", "|---|---|---|---|---|"]
    for n in apart:
        c = cpython.get(n, {"status": "not recorded", "reason": ""})
        lines.append(f"| {n} | {krait[n]['area']} | {c['status']} | {cell(c['reason'])} | {krait[n]['status']} |")
    lines += ["", "## Deny-listed test cases (tests/conformance/skips.txt)", ""]
    skips = read_skips()
    lines += [f"- `{test_id}`: {cell(reason)}" for test_id, reason in skips] or ["None."]
    lines += ["", "## CPython implementation details, skipped for krait only (tests/conformance/cpython_details.txt)", ""]
    lines += [f"- `{test_id}`: {cell(reason)}" for test_id, reason in read_skips(DETAILS)] or ["None."]
    lines += ["", "## Not run", "", "Need what this machine lacks (a GUI, Windows, CPython's own build or C API): "
              + ", ".join(sorted(NOT_RUN)) + ".", ""]
    with open(STATUS, "w") as f:
        f.write("\n".join(lines))
    files, of_files, tests, of_tests = totals(counted)
    print(f"conformance: krait passes {files} of {of_files} files and {tests} of {of_tests} test cases "
          f"that pass under python3.11 here; wrote {os.path.relpath(STATUS, ROOT)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", default=os.path.join(ROOT, "build", "krait"))
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--cpython", action="store_true", help="re-record python3.11's results (cpython.tsv)")
    parser.add_argument("--status", action="store_true", help="only rewrite STATUS.md")
    parser.add_argument("--keep-cpython", action="store_true", help="--all: use cpython.tsv even if stale")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("modules", nargs="*")
    args = parser.parse_args()
    krait = os.path.abspath(args.krait)
    # Started in the background by a shell without job control, this process ignores SIGINT
    # and SIGQUIT, and the interpreters would inherit that (no KeyboardInterrupt from SIGINT).
    # A Python-level handler is reset to the default by exec; an ignored signal is not.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    if not os.path.isdir(TEST_DIR):
        print(f"{TEST_DIR} is missing: install {TEST_PACKAGE} (make deps)", file=sys.stderr)
        return 2

    if args.check:
        names = read_passing()
        results = run_many(krait, names, args.jobs, args.timeout, args.verbose)
        lost = [r["module"] for r in results if r["status"] not in ("pass", "skip")]
        print(f"conformance: {len(names) - len(lost)} of {len(names)} passing modules still pass")
        if lost:
            print("no longer passing: " + " ".join(lost))
            return 1
        return 0
    if args.status:
        write_status()
        return 0
    if args.cpython or (args.all and not args.keep_cpython and not cpython_is_current()):
        record_cpython(args)
        if not args.all:
            return 0

    names = (args.modules or all_modules()) if args.all else args.modules
    previous_header, previous = read_results(RESULTS)
    start = time.monotonic()
    results = run_many(krait, names, args.jobs, args.timeout, args.verbose, make_log_dir("krait"), previous)
    minutes = (time.monotonic() - start) / 60
    passed = [r["module"] for r in results if r["status"] == "pass"]
    print(f"conformance: {len(passed)} of {len(results)} modules pass ({minutes:.0f} min); logs in "
          f"{make_log_dir('krait')}")
    if args.all:
        if args.modules:  # re-recording a few modules: merged into the last full run
            header, results = previous_header, list({**previous, **{r["module"]: r for r in results}}.values())
        else:
            revision = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                      text=True).stdout.strip()
            built = datetime.datetime.fromtimestamp(os.path.getmtime(krait)).strftime("%Y-%m-%d %H:%M")
            header = (f"{krait} (built {built}, HEAD {revision}); PYTHONHASHSEED=0; timeout {args.timeout:g}s; "
                      f"{args.jobs} jobs; {minutes:.0f} min; {datetime.date.today().isoformat()}")
        write_results(RESULTS, results, header)
        write_passing(read_passing() + passed)
        write_status()
    return 0

if __name__ == "__main__":
    sys.exit(main())
