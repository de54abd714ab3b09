#!/usr/bin/env bash
# `make demo`: runs pipelines/demo.yaml against the built-in tenant simulator and shows the output.
set -euo pipefail
bin=${1:-.build/debug/ferry}
cd "$(dirname "$0")/.."
. scripts/simulator.sh
start_simulator "$bin" 200 42 20
echo "simulator: $FERRY_GRAPH_URL (tenant $FERRY_TENANT_ID, 200 users)"
export FERRY_OUT=${FERRY_OUT:-./out}
"$bin" validate pipelines/demo.yaml
# Stateless: every demo exports the whole window; with state, a second run the same day would find
# nothing new for messages (windows are incremental).
"$bin" run --stateless pipelines/demo.yaml
echo
echo "files written:"
find "$FERRY_OUT" -path '*/.*' -prune -o -type f -print | sort | sed 's/^/  /' | head -n 20
count=$(find "$FERRY_OUT" -path '*/.*' -prune -o -type f -print | wc -l)
[ "$count" -le 20 ] || echo "  ... and $((count - 20)) more"
echo
echo "read it with DuckDB: SELECT count(*) FROM read_json_auto('$FERRY_OUT/messages/*/*.jsonl.gz', hive_partitioning=true);"
echo
echo "exporting what the analysis reads and analysing it (pipelines/demo-analysis.yaml, its analyze: section):"
"$bin" validate pipelines/demo-analysis.yaml
"$bin" run --stateless pipelines/demo-analysis.yaml
echo "open $FERRY_OUT/analysis/report.html in a browser; tables are under $FERRY_OUT/analysis/<table>/"
