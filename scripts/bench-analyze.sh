#!/usr/bin/env bash
# Part of `make bench`: `ferry analyze` over a simulated export, beside a Python reference (DuckDB for
# the tables, networkx for the graph) over the same files. Timings are printed, never asserted.
# BENCH_ANALYZE_USERS sizes the tenant (default 5,000).
set -euo pipefail
bin=${1:-.build/release/ferry}
cd "$(dirname "$0")/.."
users=${BENCH_ANALYZE_USERS:-5000}
. scripts/simulator.sh
start_simulator "$bin" "$users" 15 40
export FERRY_OUT=./bench-analyze-out
rm -rf "$FERRY_OUT"
pipeline=$(mktemp --suffix=.yaml)
trap 'rm -f "$pipeline"; kill $SIMULATOR_PID 2>/dev/null; wait $SIMULATOR_PID 2>/dev/null || true' EXIT
cat > "$pipeline" <<'YAML'
name: bench-analyze
source:
  cloud: custom
  graph_url: ${FERRY_GRAPH_URL}
  login_url: ${FERRY_GRAPH_URL}
  tenant: ${FERRY_TENANT_ID}
  client_id: ${FERRY_CLIENT_ID}
  client_secret: ${FERRY_CLIENT_SECRET}
scope:
  users: all
window:
  last: 28d
datasets:
  - dataset: users
  - dataset: managers
  - dataset: mailbox_settings
  - dataset: messages
  - dataset: sent_items
  - dataset: calendar_view
transform:
  pseudonymize:
    key: ${FERRY_PSEUDONYM_KEY}
load:
  format: jsonl
  compression: gzip
  path: ${FERRY_OUT}
YAML
"$bin" run --stateless --no-progress "$pipeline" | sed 's/^/export:       /'
echo "analysis of $users users:"
/usr/bin/time -f "              wall %e s, peak resident memory %M KB" "$bin" analyze "$FERRY_OUT" --person-level 2>&1 \
  | grep -E "analysed|stages|wall|peak" | sed 's/^/ferry:        /'
if python3 -c "import duckdb, networkx" 2>/dev/null; then
  /usr/bin/time -f "              wall %e s, peak resident memory %M KB" python3 scripts/analyze-reference.py "$FERRY_OUT" 2>&1 \
    | sed 's/^/python:       /'
else
  echo "python:       skipped (pip install duckdb networkx, or make test-deps)"
fi
