#!/usr/bin/env bash
# Part of `make bench`: the simulator's own figures, so that benchmarks measure Ferry and not it.
# A 100,000-user tenant: start-up time, resident memory after paging every user, and small requests/s.
set -euo pipefail
bin=${1:-.build/release/ferry}
cd "$(dirname "$0")/.."
users=${BENCH_SIMULATOR_USERS:-100000}
# The simulator alone, with a minimal keep-alive client on 32 connections: what it can serve.
.build/release/simulator-bench startup "$users" | sed 's/^/simulator:    /'
.build/release/simulator-bench rate "$users" 32 5 | sed 's/^/simulator:    /'
# The same tenant as a separate process, with Ferry as the client.
. scripts/simulator.sh
started=$(date +%s.%N)
start_simulator "$bin" "$users" 9 1
ready=$(date +%s.%N)
python3 -c "print(f'simulator:    {int($users):,} users ready in {$ready - $started:.2f} s (process start included)')"
line=$("$(dirname "$bin")/ferry-bench" pipelines/bench-directory.yaml)
rss=$(awk '/VmHWM/ {print $2}' /proc/$SIMULATOR_PID/status)
python3 - "$line" "$rss" <<'PY'
import re, sys
m = re.match(r"fetched (\d+) pages, (\d+) bytes, (\d+) users in ([0-9.]+) s", sys.argv[1])
pages, users, seconds = int(m.group(1)), int(m.group(3)), float(m.group(4))
print(f"simulator:    {pages:,} requests (every user, then each one's mailbox settings) in {seconds:.2f} s = {pages / seconds:,.0f} requests/s with Ferry as the client on the same 2 cores")
print(f"simulator:    peak resident memory {int(sys.argv[2]) / 1024:.0f} MB after serving all {users:,} users (target: under 200 MB)")
PY
