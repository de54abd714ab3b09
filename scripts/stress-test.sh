#!/usr/bin/env bash
# `make stress`: runs the test suite STRESS_RUNS times (default 3) while STRESS_HOGS CPU-bound
# processes (default 2) compete for the cores, as on a busy 2-core CI machine, and lists every
# failure. A test that fails here depends on the machine's speed. Each run's log is kept.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${STRESS_RUNS:-3}
hogs=${STRESS_HOGS:-2}
logs=$(mktemp -d "${TMPDIR:-/tmp}/ferry-stress.XXXXXX")
swift build --build-tests || exit 1
hog_pids=()
stop_hogs() {
    ((${#hog_pids[@]})) && kill "${hog_pids[@]}" 2>/dev/null
    hog_pids=()
}
trap stop_hogs EXIT
failed=0
for run in $(seq 1 "$runs"); do
    for _ in $(seq 1 "$hogs"); do
        yes > /dev/null &
        hog_pids+=($!)
    done
    log="$logs/run-$run.log"
    # Bounded: a hung run is stopped after 20 minutes and counted as failed.
    # As `make test` runs it: the suite in parallel, then the tests that must run alone (ALONE_TESTS).
    if [[ -n "${ALONE_TESTS:-}" ]]; then
        timeout 1200 swift test --skip-build --parallel --num-workers 2 --skip "$ALONE_TESTS" > "$log" 2>&1
        status=$?
        timeout 600 swift test --skip-build --filter "$ALONE_TESTS" >> "$log" 2>&1 || status=$?
    else
        timeout 1200 swift test --skip-build --parallel --num-workers 2 > "$log" 2>&1
        status=$?
    fi
    stop_hogs
    summary=$(grep -E "Test run with" "$log" | paste -sd ';' -)
    echo "run $run of $runs with $hogs hogs: exit $status; ${summary:-no summary (crashed or hung)}"
    if ((status != 0)); then
        failed=$((failed + 1))
        grep -E "✘ .*(recorded an issue|failed after)|Fatal error" "$log" | sed 's/^/  /'
    fi
done
echo "$failed of $runs runs failed; logs in $logs"
((failed == 0))
