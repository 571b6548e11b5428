# krait — front door. `make run` and `make test` are the two set-up commands (README.md).
PYTHON  ?= /usr/bin/python3.11
JOBS    ?= $(shell nproc)
BUILD   := build
ASAN    := build-asan
PGO     := build-pgo

.PHONY: all deps build run test unit asan-build asan-test pgo-build bench conformance regen clean

all: build

deps:
	@tools/install_deps.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD) -j$(JOBS)

run: build
	$(BUILD)/krait examples/tour.py

test: build
	cd $(BUILD) && ctest --output-on-failure -j1

$(ASAN)/build.ninja:
	cmake -S . -B $(ASAN) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKRAIT_SANITIZE=ON

asan-build: deps $(ASAN)/build.ninja
	ninja -C $(ASAN) -j$(JOBS)

# The C++ unit tests and the program tests; the conformance ratchet is left to `make test`
# (CPython's suite under a sanitizer build takes hours on CI's 2 cores). Huge allocations
# must fail (MemoryError) as they do under the real allocator, not abort.
asan-test: asan-build
	cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 ctest --output-on-failure -j1 -E conformance_ratchet

# The benchmarks measure a profile-guided build, as python3.11 is one (tools/build_pgo.sh:
# instrumented build, training on tests/, optimised build; twice a plain build's time).
pgo-build: deps
	JOBS=$(JOBS) PYTHON=$(PYTHON) tools/build_pgo.sh $(PGO)

bench: pgo-build
	$(PYTHON) bench/run.py --krait $(PGO)/krait --record

conformance: build
	$(PYTHON) tools/conformance.py --all --krait $(BUILD)/krait

# Regenerate expected outputs (tests/**/*.out) from python3.11 and generated sources.
regen:
	$(PYTHON) tools/regen_expected.py

clean:
	rm -rf $(BUILD) $(ASAN) $(PGO)
