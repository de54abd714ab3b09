#!/usr/bin/env bash
# Part of `make bench`: memory and scale, printed, never asserted.
# 1. Peak resident memory of `ferry run` exporting users and messages from 100,000- and 1,000,000-user
#    tenants (BENCH_SCALE_USERS, BENCH_SCALE_MESSAGES messages a user), with records/s and users/s.
# 2. 1, 2 and 4 shard processes against one simulator (BENCH_SHARD_USERS users, BENCH_SHARD_MESSAGES
#    each): total records/s, and the directory requests the shards sent (each shard lists every user).
set -euo pipefail
bin=${1:-.build/release/ferry}
cd "$(dirname "$0")/.."
. scripts/simulator.sh
out=./bench-scale-out

# Runs a command, printing its peak resident memory (KB), wall seconds and exit status.
measured() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
started = time.monotonic()
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.monotonic() - started, status)
PY
}

stop_simulator() {
    kill "$SIMULATOR_PID" 2>/dev/null || true
    wait "$SIMULATOR_PID" 2>/dev/null || true
    trap - EXIT  # start_simulator's clean-up, done
}

# The user-listing requests (GET /users) the simulator answered: GET /_admin/counters.
directory_requests() {
    curl -s "$FERRY_GRAPH_URL/_admin/counters" | python3 -c \
        'import json, sys; print(sum(json.load(sys.stdin)["requests"].get("users", {}).values()))'
}

for users in ${BENCH_SCALE_USERS:-100000 1000000}; do
    messages=${BENCH_SCALE_MESSAGES:-2}
    started=$(date +%s.%N)
    start_simulator "$bin" "$users" 11 "$messages"
    ready=$(date +%s.%N)
    rm -rf "$out"
    read -r rss seconds status < <(FERRY_OUT=$out measured "$bin" run --stateless --no-progress \
        --summary-json "$out.summary.json" pipelines/bench.yaml)
    [ "$status" = 0 ] || { echo "scale:        the run of $users users failed (exit $status)" >&2; exit 1; }
    python3 - "$users" "$rss" "$seconds" "$out.summary.json" "$(python3 -c "print($ready - $started)")" <<'PY'
import json, sys
users, rss, seconds, started = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[5])
report = json.load(open(sys.argv[4]))
rows = {d["dataset"]: d["rows"] for d in report["datasets"]}
limit = 120 if users <= 100_000 else 200
print(f"scale:        {users:,} users (simulator ready in {started:.1f} s): {rows.get('users', 0):,} users and "
      f"{rows.get('messages', 0):,} messages in {seconds:.1f} s = {sum(rows.values()) / seconds:,.0f} records/s, "
      f"{users / seconds:,.0f} users/s; peak resident memory {rss / 1024:.0f} MB (target: under {limit} MB)")
PY
    stop_simulator
done
rm -rf "$out" "$out.summary.json"

users=${BENCH_SHARD_USERS:-20000}
messages=${BENCH_SHARD_MESSAGES:-30}
start_simulator "$bin" "$users" 12 "$messages"
for shards in 1 2 4; do
    rm -rf "$out"
    curl -s -X POST "$FERRY_GRAPH_URL/_admin/reset-counters" >/dev/null
    started=$(date +%s.%N)
    pids=()
    for ((k = 0; k < shards; k++)); do
        FERRY_OUT=$out "$bin" run --stateless --no-progress --shard "$k/$shards" --run-id "bench-$shards" \
            --summary-json "$out.shard-$k.json" pipelines/bench.yaml >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    ended=$(date +%s.%N)
    "$bin" verify "$out" --run "bench-$shards" >/dev/null || { echo "scale:        verify failed for $shards shards" >&2; exit 1; }
    python3 - "$shards" "$(python3 -c "print($ended - $started)")" "$(directory_requests)" "$out" <<'PY'
import json, sys
shards, seconds, directory, out = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = sum(d["rows"] for k in range(shards) for d in json.load(open(f"{out}.shard-{k}.json"))["datasets"])
print(f"shards:       {shards} shard process{'es' if shards > 1 else ''}: {rows:,} records in {seconds:.1f} s = "
      f"{rows / seconds:,.0f} records/s in all; {directory:,} directory requests, {directory / shards:,.0f} a shard "
      f"(every shard pages through the whole user list); verify passed")
PY
done
stop_simulator
rm -rf "$out" "$out".shard-*.json
