#!/usr/bin/env bash
# make fuzz: the pipeline-file fuzzer for longer than `make test` runs it, then the hostile files
# through the real `ferry validate` and `ferry schedule`'s service.
#   FERRY_FUZZ_ITERATIONS  most cases (default 100000)
#   FERRY_FUZZ_SECONDS     most seconds of fuzzing (default 120)
#   FERRY_FUZZ_SEED        the cases to run (default: the time, printed so a failure can be replayed)
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
export FERRY_FUZZ_ITERATIONS="${FERRY_FUZZ_ITERATIONS:-100000}"
export FERRY_FUZZ_SECONDS="${FERRY_FUZZ_SECONDS:-120}"
export FERRY_FUZZ_SEED="${FERRY_FUZZ_SEED:-$(date +%s)}"
"$SWIFT" build --build-tests
echo "fuzzing pipelines/: seed $FERRY_FUZZ_SEED, at most $FERRY_FUZZ_ITERATIONS cases or $FERRY_FUZZ_SECONDS s"
"$SWIFT" test --skip-build --filter 'PipelineFuzzTests|HostileFileTests'
