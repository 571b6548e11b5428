"""Times krait against python3.11 on the programs in bench/programs/ and on start-up.

  bench/run.py [--krait build/krait] [--rounds 3] [--startup-runs 20] [--record] [NAME ...]

Each round runs every program once under each interpreter, alternating which goes
first, so both see the same machine load. A program's time is its best round (wall
clock, whole process) and its peak memory is the smallest peak resident set size of its
rounds: that child's own ru_maxrss, from os.wait4 in the small launcher
measure_child.py (a child forked from run.py itself would report run.py's RSS whenever
that is the larger). Both interpreters must print the same output (a checksum of the
work), or the benchmark counts as failed and is not timed. The "startup" row is `-c pass`, best of --startup-runs interleaved runs; it is
part of the geometric mean like every other row.

The "import_stdlib" rows are issue 6's criterion: `-c 'import unittest, argparse, re,
asyncio'`, python3.11 compiling those modules from source (`-X pycache_prefix=` a fresh
empty directory on every run, so its bytecode cache is out of reach) against krait with
its own code cache: warm ("import_stdlib": a private cache directory filled by one
untimed run) and cold ("import_stdlib_cold": a fresh empty cache directory on every run,
so krait compiles everything too). Best of --startup-runs runs, like start-up. All
other krait runs use that same private code cache directory (XDG_CACHE_HOME), never
~/.cache/krait, which every krait build on the machine shares and rewrites.

The time ratio is python3.11's time divided by krait's: above 1 means krait is faster.
The memory ratio is krait's peak RSS divided by python3.11's: at most 1.10 is the goal.
--record rewrites the table part of bench/RESULTS.md and keeps everything after the
NOTES_MARKER line (or, in a file without it, from the first "## " heading on).
"""
import argparse
import datetime
import math
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
RESULTS = os.path.join(HERE, "RESULTS.md")
LAUNCHER = os.path.join(HERE, "measure_child.py")
NOTES_MARKER = "<!-- bench/run.py --record rewrites everything above this line and keeps what follows. -->"
STARTUP = "startup"
IMPORT_STDLIB = "import_stdlib"
IMPORT_STDLIB_COLD = "import_stdlib_cold"
IMPORT_STDLIB_CODE = "import unittest, argparse, re, asyncio"
SHORT_ROWS = (STARTUP, IMPORT_STDLIB, IMPORT_STDLIB_COLD)


class Run:
    """One child process: wall time in seconds, peak RSS in KiB, stdout, or a failure."""

    def __init__(self, seconds=None, max_rss_kib=None, output=b"", failure=None):
        self.seconds = seconds
        self.max_rss_kib = max_rss_kib
        self.output = output
        self.failure = failure


def run_once(command, timeout, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KRAIT"))}
    env["PYTHONHASHSEED"] = "0"
    env.update(extra_env or {})
    report_read, report_write = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            launcher = subprocess.Popen([sys.executable, "-S", "-I", LAUNCHER, str(report_write), str(timeout)]
                                        + command, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env,
                                        cwd=PROGRAMS, pass_fds=(report_write,))
        finally:
            os.close(report_write)
        with os.fdopen(report_read) as report_file:
            report = report_file.read().split()
        launcher.wait()
        out.seek(0)
        err.seek(0)
        output, errors = out.read(), err.read()
    if launcher.returncode != 0 or len(report) != 4:
        return Run(failure=f"launcher failed (exit {launcher.returncode}): {errors[-300:]!r}")
    seconds, max_rss_kib, exit_code, timed_out = float(report[0]), int(report[1]), int(report[2]), report[3] == "1"
    if timed_out:
        return Run(failure=f"timeout after {timeout:g} s")
    if exit_code != 0:
        last = errors.strip().splitlines()[-1:]
        return Run(failure=last[0].decode(errors="replace") if last else f"exit {exit_code}")
    return Run(seconds, max_rss_kib, output)


class Row:
    def __init__(self, name):
        self.name = name
        self.seconds = {"python": math.inf, "krait": math.inf}
        self.max_rss_kib = {"python": math.inf, "krait": math.inf}
        self.failure = None

    @property
    def ratio(self):
        return None if self.failure else self.seconds["python"] / self.seconds["krait"]

    @property
    def memory_ratio(self):
        return None if self.failure else self.max_rss_kib["krait"] / self.max_rss_kib["python"]


def measure(name, arguments, runs, interpreters, timeout, env):
    """`arguments` is a list, or a function (label, scratch directory) -> (list, extra
    environment) that is called before every run with a fresh empty scratch directory.
    `env`: variables every run gets (krait's code cache directory)."""
    row = Row(name)
    row.failure = measure_into(row, arguments, runs, interpreters, timeout, env)
    if row.failure:
        # A failed row has no time or memory: the numbers of a wrong run mean nothing.
        row.seconds = {label: math.inf for label in row.seconds}
        row.max_rss_kib = {label: math.inf for label in row.max_rss_kib}
    return row


def measure_into(row, arguments, runs, interpreters, timeout, env):
    outputs = {}
    for run_number in range(runs):
        order = list(interpreters.items())
        if run_number % 2:
            order.reverse()
        for label, interpreter in order:
            if callable(arguments):
                with tempfile.TemporaryDirectory(prefix="krait-bench-") as scratch:
                    run_arguments, extra_env = arguments(label, scratch)
                    result = run_once([interpreter] + run_arguments, timeout, dict(env, **extra_env))
            else:
                result = run_once([interpreter] + arguments, timeout, env)
            if result.failure:
                return f"{label}: {result.failure}"
            outputs[label] = result.output
            row.seconds[label] = min(row.seconds[label], result.seconds)
            row.max_rss_kib[label] = min(row.max_rss_kib[label], result.max_rss_kib)
        if outputs["python"] != outputs["krait"]:
            return "output differs from python3.11"
    return None


def format_time(row, label):
    seconds = row.seconds[label]
    if seconds == math.inf:
        return "-"
    return f"{seconds * 1000:.1f} ms" if row.name in SHORT_ROWS else f"{seconds:.3f} s"


def format_rss(row, label):
    kib = row.max_rss_kib[label]
    return "-" if kib == math.inf else f"{kib / 1024:.1f}"


def table_cells(row):
    ratio = f"{row.ratio:.2f}" if row.ratio else "failed: " + row.failure
    memory = f"{row.memory_ratio:.2f}" if row.memory_ratio else "-"
    return [row.name, format_time(row, "python"), format_time(row, "krait"), ratio,
            format_rss(row, "python"), format_rss(row, "krait"), memory]


HEADER = ["benchmark", "python3.11", "krait", "time ratio", "python3.11 MiB", "krait MiB", "memory ratio"]


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def summary(rows):
    # The import_stdlib rows are issue 6's criterion, not issue 8's programs: left out of
    # the mean (a warm code cache against compiling from source would inflate it).
    ratios = [r.ratio for r in rows if r.ratio and r.name not in (IMPORT_STDLIB, IMPORT_STDLIB_COLD)]
    memory = [r for r in rows if r.memory_ratio]
    failed = [r.name for r in rows if not r.ratio]
    text = (f"Geometric mean of the time ratios: **{geometric_mean(ratios):.2f}x** over {len(ratios)} rows "
            f"(start-up included, the import_stdlib rows not).")
    if memory:
        worst = max(memory, key=lambda r: r.memory_ratio)
        text += f" Highest memory ratio: {worst.memory_ratio:.2f} ({worst.name})."
    if failed:
        text += f" Failed: {' '.join(failed)}."
    return text


def machine_description():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), model)
    except OSError:
        pass
    return f"{model}, {platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}"


def git_commit():
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return done.stdout.strip() or "unknown"


def kept_notes():
    """The part of RESULTS.md that --record must not touch: what follows the marker."""
    try:
        with open(RESULTS) as f:
            text = f.read()
    except FileNotFoundError:
        return ""
    if NOTES_MARKER in text:
        return text.split(NOTES_MARKER, 1)[1].lstrip("\n")
    start = text.find("\n## ")
    return text[start + 1:] if start >= 0 else ""


def record(rows, args, load_before, load_after):
    notes = kept_notes()
    lines = [
        "# Benchmark results",
        "",
        f"Recorded by `make bench` (bench/run.py) on {datetime.date.today().isoformat()} at commit "
        f"`{git_commit()}`, on {machine_description()}; load average {load_before:.1f} before and "
        f"{load_after:.1f} after the run.",
        f"krait: `{os.path.relpath(args.krait, os.path.join(HERE, '..'))}` (`make bench` builds it with "
        "profile-guided optimisation, tools/build_pgo.sh, as Debian builds python3.11).",
        f"Programs: best of {args.rounds} interleaved rounds; start-up (`-c pass`) and the "
        f"import_stdlib rows: best of {args.startup_runs} interleaved runs.",
        f"import_stdlib: `-c '{IMPORT_STDLIB_CODE}'`, python3.11 compiling from source "
        "(`-X pycache_prefix=` an empty directory) against krait with a warm code cache "
        "(import_stdlib) and an empty one (import_stdlib_cold) (issue 6).",
        "Time ratio = python3.11 time / krait time (above 1: krait is faster). Peak RSS is each "
        "process's ru_maxrss (smallest over the rounds); memory ratio = krait / python3.11 "
        "(at most 1.10 is the goal).",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|---|" + "---:|" * (len(HEADER) - 1),
    ]
    lines += ["| " + " | ".join(table_cells(row)) + " |" for row in rows]
    lines += ["", summary(rows), "", NOTES_MARKER, ""]
    with open(RESULTS, "w") as f:
        f.write("\n".join(lines) + ("\n" + notes if notes else ""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", default=os.path.join(HERE, "..", "build", "krait"))
    parser.add_argument("--python", default="/usr/bin/python3.11")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("names", nargs="*", help="programs to run (and/or 'startup', 'import_stdlib', 'import_stdlib_cold'); default: all")
    args = parser.parse_args()
    interpreters = {"python": args.python, "krait": os.path.abspath(args.krait)}
    names = [STARTUP, IMPORT_STDLIB, IMPORT_STDLIB_COLD] + sorted(
        f[:-3] for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    if args.names:
        names = [n for n in names if n in args.names]

    load_before = os.getloadavg()[0]
    widths = [max(len(h), 14) for h in HEADER]
    widths[0] = max([widths[0]] + [len(n) for n in names])

    def show(cells):
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))), flush=True)

    show(HEADER)
    rows = []
    with tempfile.TemporaryDirectory(prefix="krait-bench-cache-") as warm_cache:
        run_once([interpreters["krait"], "-c", IMPORT_STDLIB_CODE], args.timeout, {"XDG_CACHE_HOME": warm_cache})
        for name in names:
            row = measure_row(name, args, interpreters, warm_cache)
            rows.append(row)
            show(table_cells(row))
    print(summary(rows).replace("**", ""))
    if args.record:
        record(rows, args, load_before, os.getloadavg()[0])
    return 1 if any(not r.ratio for r in rows) else 0


def import_stdlib_arguments(cold):
    """The run arguments of an import_stdlib row: krait's code cache warm (the bench's
    own, see measure_row) or `cold` (the run's empty scratch directory); python3.11's
    .pyc files always go to an empty directory, out of its own cache's reach."""
    def arguments(label, scratch):
        if label == "python":
            return ["-X", f"pycache_prefix={scratch}", "-c", IMPORT_STDLIB_CODE], {}
        return ["-c", IMPORT_STDLIB_CODE], {"XDG_CACHE_HOME": scratch} if cold else {}
    return arguments


def measure_row(name, args, interpreters, warm_cache):
    # krait's code cache (runtime/code_cache.h) lives in a directory of the bench's own
    # (XDG_CACHE_HOME), filled by one untimed run as any earlier use of krait would have:
    # ~/.cache/krait is shared with every other krait build on the machine, whose entries
    # for the same sources replace each other's.
    env = {"XDG_CACHE_HOME": warm_cache}
    if name == STARTUP:
        return measure(name, ["-c", "pass"], args.startup_runs, interpreters, args.timeout, env)
    if name == IMPORT_STDLIB:
        return measure(name, import_stdlib_arguments(cold=False), args.startup_runs, interpreters, args.timeout, env)
    if name == IMPORT_STDLIB_COLD:
        return measure(name, import_stdlib_arguments(cold=True), args.startup_runs, interpreters, args.timeout, env)
    return measure(name, [os.path.join(PROGRAMS, name + ".py")], args.rounds, interpreters, args.timeout, env)

if __name__ == "__main__":
    sys.exit(main())
