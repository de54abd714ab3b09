#!/usr/bin/env bash
# Part of `make bench`: Ferry against a simulator that throttles like Graph. The directory bucket is
# Graph's (8,000 resource units per 10 s for a tenant over 500 users) scaled by 0.1: 800 units per
# 1 s, the same rate with a smaller initial burst. Each user costs two units (manager, direct
# reports, both with $select), so the run is held to the bucket's rate. Timings are printed, never asserted.
set -euo pipefail
bin=${1:-.build/release/ferry}
cd "$(dirname "$0")/.."
users=${BENCH_THROTTLED_USERS:-16000}
scale=0.1
. scripts/simulator.sh
SIMULATOR_ARGS="--throttle-scale $scale" start_simulator "$bin" "$users" 13 1
export FERRY_OUT=./bench-out/throttled
rm -rf "$FERRY_OUT"
start=$(date +%s.%N)
summary=$("$bin" run --stateless --no-progress pipelines/bench-throttled.yaml)
end=$(date +%s.%N)
counters=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/_admin/counters").read().decode())' "$FERRY_GRAPH_URL")
python3 - "$start" "$end" "$users" "$scale" "$counters" "$summary" <<'PY'
import json, sys
start, end, users, scale = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
counters, summary = json.loads(sys.argv[5]), sys.argv[6]
elapsed = end - start
bucket = (8000 if users > 500 else 5000) * scale
refill = bucket / (10 * scale)  # units per second: Graph's rate, unscaled
directory = {"users", "user", "manager", "directReports"}
answered = sum(n for family, statuses in counters["requests"].items() if family in directory
               for status, n in statuses.items() if status != "429")
throttled = sum(n for family, statuses in counters["requests"].items() if family in directory
                for status, n in statuses.items() if status == "429")
violations = sum(counters.get("violationsByScope", {}).values())
# Each answered directory request here costs one unit ($select saves the second).
allowed_seconds = max(0.0, (answered - bucket) / refill)
print(f"throttled:    {answered:,} directory requests answered in {elapsed:.2f} s, {throttled:,} answered 429 ({100 * throttled / max(answered + throttled, 1):.2f}%; target: under 2%), {violations} Retry-After violations (target: 0)")
print(f"throttled:    the bucket ({refill:,.0f} units/s after {bucket:,.0f}) allows that in {allowed_seconds:.2f} s: {100 * allowed_seconds / elapsed:.0f}% of the allowed rate (target: at least 90%)")
PY
