# Ferry: the two commands a fresh machine needs are `make demo` and `make test`.
SWIFT ?= swift
DEBUG_BIN := .build/debug/ferry
RELEASE_BIN := .build/release/ferry

.PHONY: all deps test-deps build release demo test stress fuzz bench clean

all: build

# System packages the build links against; installed only when missing.
deps:
	@scripts/install-deps.sh

# `ferry simulate` runs ferry-simulator, which sits beside ferry: the simulator's HTTP server is not in ferry.
build: deps
	$(SWIFT) build --product ferry
	$(SWIFT) build --product ferry-simulator

release: deps
	$(SWIFT) build -c release --product ferry
	$(SWIFT) build -c release --product ferry-simulator

# Runs pipelines/demo.yaml against the built-in tenant simulator and prints what was written.
demo: build
	@scripts/demo.sh $(DEBUG_BIN)

# Python's duckdb reads the exports in the interoperability tests, as a warehouse would; networkx is the
# independent implementation the analysis measures are checked against; headless Chromium opens report.html.
# pyarrow and pyspark (with a Java runtime) read a sharded export with `ferry schemas ddl`'s schemas;
# kubernetes-validate checks deploy/kubernetes against Kubernetes' own OpenAPI schemas;
# prometheus_client's text parser reads what `--metrics` serves.
test-deps: deps
	@python3 -c "import duckdb" 2>/dev/null || python3 -m pip install --quiet duckdb
	@python3 -c "import networkx" 2>/dev/null || python3 -m pip install --quiet networkx
	@python3 -c "import prometheus_client" 2>/dev/null || python3 -m pip install --quiet prometheus_client
	@python3 -c "import pyarrow, pyspark, kubernetes_validate" 2>/dev/null || python3 -m pip install --quiet pyarrow pyspark kubernetes-validate
	@command -v java >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

# Tests that compare how two clients fare against the clock run alone, after the rest: in the parallel run
# hundreds of tests share the two threads of Swift's task pool, and a client whose tasks wait for a thread
# never has the requests in flight the comparison is about (CI saw the fixed limit earn 17 429s, not ~900).
ALONE_TESTS := AdaptiveConcurrencyLimitTests
# At most this many tests run at once (swift-testing's limit). On two cores six at once take as long as
# all at once (about 180 s), while hundreds at once share the task pool's two threads so thinly that a
# test's loopback server can go unanswered for 30 s (curl's low-speed limit) beside CPU hogs.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH ?= 6

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2 --skip '$(ALONE_TESTS)'
	$(SWIFT) test --skip-build --filter '$(ALONE_TESTS)'

# The test suite again and again with CPU hogs beside it: finds tests that depend on the machine's speed.
stress: test-deps
	@ALONE_TESTS='$(ALONE_TESTS)' scripts/stress-test.sh

# The pipeline-file fuzzer for minutes instead of seconds (FERRY_FUZZ_ITERATIONS, FERRY_FUZZ_SECONDS, FERRY_FUZZ_SEED).
fuzz: deps
	@scripts/fuzz.sh

# Throughput of the demo pipeline end to end against a bare parallel fetch of the same pages.
bench: release
	$(SWIFT) build -c release --product simulator-bench
	$(SWIFT) build -c release --product ferry-bench
	$(SWIFT) build -c release --product analyze-bench-input
	@scripts/bench.sh $(RELEASE_BIN)
	@scripts/bench-simulator.sh $(RELEASE_BIN)
	@scripts/bench-throttled.sh $(RELEASE_BIN)
	@scripts/bench-analyze.sh $(RELEASE_BIN)
	@scripts/bench-scale.sh $(RELEASE_BIN)

clean:
	rm -rf .build out .ferry bench-out bench-analyze-out
