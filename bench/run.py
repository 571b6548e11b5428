"""Times krait against python3.11 on the programs in bench/programs/.

  bench/run.py [--krait build/krait] [--rounds 3] [--record] [NAME ...]

Each round runs every program once under each interpreter, alternating which goes
first, so both see the same machine load. A program's time is its best round (wall
clock, whole process). Both interpreters must print the same output (a checksum of the
work), or the benchmark counts as failed. The ratio is python3.11's time divided by
krait's: above 1 means krait is faster. --record rewrites bench/RESULTS.md with this run.
"""
import argparse
import datetime
import math
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "programs")
RESULTS = os.path.join(HERE, "RESULTS.md")


def run_once(interpreter, program, timeout):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KRAIT"))}
    env["PYTHONHASHSEED"] = "0"
    start = time.perf_counter()
    try:
        done = subprocess.run([interpreter, program], capture_output=True, timeout=timeout, env=env,
                              cwd=PROGRAMS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, b"timeout"
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        return None, done.stderr.strip().splitlines()[-1:] or [b"exit %d" % done.returncode]
    return elapsed, done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--krait", default=os.path.join(HERE, "..", "build", "krait"))
    parser.add_argument("--python", default="/usr/bin/python3.11")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    krait = os.path.abspath(args.krait)
    names = sorted(f[:-3] for f in os.listdir(PROGRAMS) if f.endswith(".py"))
    if args.names:
        names = [n for n in names if n in args.names]

    rows = []
    for name in names:
        program = os.path.join(PROGRAMS, name + ".py")
        best = {"python": math.inf, "krait": math.inf}
        outputs = {}
        failure = None
        for round_number in range(args.rounds):
            order = [("python", args.python), ("krait", krait)]
            if round_number % 2:
                order.reverse()
            for label, interpreter in order:
                elapsed, output = run_once(interpreter, program, args.timeout)
                if elapsed is None:
                    failure = f"{label}: {output}"
                    break
                best[label] = min(best[label], elapsed)
                outputs[label] = output
            if failure:
                break
        if not failure and outputs["python"] != outputs["krait"]:
            failure = "output differs from python3.11"
        ratio = None if failure else best["python"] / best["krait"]
        rows.append((name, best["python"], best["krait"], ratio, failure))
        shown = f"{ratio:.2f}x" if ratio else f"FAILED ({failure})"
        print(f"{name:16} python3.11 {best['python']:7.3f}s  krait {best['krait']:7.3f}s  {shown}", flush=True)

    ratios = [r[3] for r in rows if r[3]]
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else float("nan")
    failed = [r[0] for r in rows if not r[3]]
    print(f"geometric mean of python3.11/krait time: {geomean:.2f}x over {len(ratios)} benchmarks"
          + (f"; failed: {' '.join(failed)}" if failed else ""))
    if args.record:
        with open(RESULTS, "w") as f:
            f.write("# Benchmark results\n\n")
            f.write(f"Recorded by `make bench` (bench/run.py, best of {args.rounds} interleaved rounds) on "
                    f"{datetime.date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores.\n")
            f.write("Ratio = python3.11 time / krait time (above 1: krait is faster).\n\n")
            f.write("| benchmark | python3.11 (s) | krait (s) | ratio |\n|---|---:|---:|---:|\n")
            for name, py, kr, ratio, failure in rows:
                f.write(f"| {name} | {py:.3f} | {kr:.3f} | {f'{ratio:.2f}' if ratio else 'failed: ' + failure} |\n")
            f.write(f"\nGeometric mean: **{geomean:.2f}x** over {len(ratios)} benchmarks.\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
