#!/bin/bash
# Builds krait with profile-guided optimisation into $1 (default build-pgo), as Debian
# builds python3.11: an instrumented build, a training run, then the optimised build from
# the profile. The training is krait's own test programs (tests/) and CPython's PGO task,
# not the benchmarks.
set -euo pipefail
BUILD=${1:-build-pgo}
PYTHON=${PYTHON:-/usr/bin/python3.11}
JOBS=${JOBS:-$(nproc)}
cd "$(dirname "$0")/.."
# Profiles are written next to the objects: ccache cannot share them between the stages.
export CCACHE_DISABLE=1
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DKRAIT_PGO=generate > /dev/null
find "$BUILD" -name '*.gcda' -delete
ninja -C "$BUILD" -j"$JOBS" krait
# Test failures do not matter here (an instrumented binary is slower, some tests time out):
# only the profile does.
KRAIT_NO_CODE_CACHE=1 "$PYTHON" tools/run_tests.py --krait "$BUILD/krait" --timeout 120 > "$BUILD/training.log" 2>&1 || true
tail -1 "$BUILD/training.log"
# Then the task CPython's own PGO build trains on (test.libregrtest.pgo's modules of its
# regression suite), those of them that pass under krait: ordinary library code, which
# krait's short test programs under-represent (list slicing, decimal, pickle, re, ...).
PGO_MODULES=$("$PYTHON" -c '
from test.libregrtest.pgo import PGO_TESTS
passing = {line.strip() for line in open("tests/conformance/passing.txt") if not line.startswith("#")}
print(" ".join(name for name in PGO_TESTS if name in passing))')
# shellcheck disable=SC2086  # one argument per module
KRAIT_NO_CODE_CACHE=1 "$PYTHON" tools/conformance.py --krait "$BUILD/krait" --jobs "$JOBS" $PGO_MODULES > "$BUILD/training-cpython.log" 2>&1 || true
tail -1 "$BUILD/training-cpython.log"
cmake -S . -B "$BUILD" -DKRAIT_PGO=use > /dev/null
ninja -C "$BUILD" -j"$JOBS" krait
