#!/usr/bin/env bash
# Part of `make bench`: `ferry analyze` at scale, and beside a Python reference (DuckDB for the tables,
# networkx for the graph) on a smaller tenant. Timings are printed, never asserted.
#
# The inputs are pseudonymized exports written directly by `analyze-bench-input` (Ferry's own writer,
# manifests with a key id, rows shaped as a real export's under the default pseudonymization): exporting
# ten million rows through the simulator's HTTP API would take far longer than the analysis it feeds.
# Each input is kept under bench-analyze-out/ and reused while its parameters are the same.
#
# BENCH_ANALYZE_PEOPLE (100000), BENCH_ANALYZE_MESSAGES (10000000), BENCH_ANALYZE_MEETINGS (1000000): the large run.
# BENCH_ANALYZE_REFERENCE_PEOPLE (5000): the tenant both Ferry and the Python reference analyse; its mail and
# meeting rows scale with the large run's rows per person. BENCH_ANALYZE_REFERENCE_LIMIT (900): seconds the
# reference may run; if it has not finished by then it is stopped and reported as "> limit", a bound.
set -euo pipefail
bin=${1:-.build/release/ferry}
generator=${GENERATOR:-$(dirname "$bin")/analyze-bench-input}
cd "$(dirname "$0")/.."
people=${BENCH_ANALYZE_PEOPLE:-100000}
messages=${BENCH_ANALYZE_MESSAGES:-10000000}
meetings=${BENCH_ANALYZE_MEETINGS:-1000000}
reference=${BENCH_ANALYZE_REFERENCE_PEOPLE:-5000}
limit=${BENCH_ANALYZE_REFERENCE_LIMIT:-900}
base=./bench-analyze-out
mkdir -p "$base"
echo "analysis benchmark on $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) memory"

# Writes the input (if not there with these parameters) and prints its directory.
input() {
  local n=$1 m=$2 k=$3 dir="$base/input-$1-$2-$3"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$generator" "$dir" "$n" "$m" "$k" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# Runs ferry analyze on $1 and prints its summary lines and peak memory, prefixed with $2.
analyse() {
  local dir=$1 label=$2
  rm -rf "$dir/analysis"
  /usr/bin/time -f "wall %e s, peak resident memory %M KB" "$bin" analyze "$dir" 2>&1 \
    | grep -E "^analysed|^stages|^wall" | sed "s/^/$label/"
}

large=$(input "$people" "$messages" "$meetings")
echo "ferry analyze, $people people, $messages message rows, $meetings meeting rows:"
analyse "$large" "  ferry:     "

small_messages=$((messages * reference / people))
small_meetings=$((meetings * reference / people))
small=$(input "$reference" "$small_messages" "$small_meetings")
echo "the same analysis of $reference people ($small_messages message rows, $small_meetings meeting rows), Ferry beside the Python reference:"
analyse "$small" "  ferry:     " | tee "$base/ferry-small.txt"
# The reference needs DuckDB and networkx (make test-deps installs them); installed here when missing.
python3 -c "import duckdb, networkx" 2>/dev/null || python3 -m pip install --quiet duckdb networkx >&2 || true
if python3 -c "import duckdb, networkx" 2>/dev/null; then
  set +e
  /usr/bin/time -f "wall %e s, peak resident memory %M KB" timeout "$limit" python3 scripts/analyze-reference.py "$small" \
    > "$base/python-small.txt" 2>&1
  status=$?
  set -e
  sed 's/^/  python:    /' "$base/python-small.txt"
  ferry_wall=$(grep -oE "wall [0-9.]+" "$base/ferry-small.txt" | awk '{print $2}')
  if [ "$status" -eq 124 ]; then
    echo "  python:    > $limit s: stopped by the time limit (BENCH_ANALYZE_REFERENCE_LIMIT) before it finished"
    awk -v f="$ferry_wall" -v p="$limit" 'BEGIN { if (f > 0) printf "  Ferry is more than %.1fx faster than the Python reference on the same input (a bound: the reference did not finish)\n", p / f }'
  elif [ "$status" -ne 0 ]; then
    echo "  python:    failed (exit $status); see $base/python-small.txt"
  else
    python_wall=$(grep -oE "wall [0-9.]+" "$base/python-small.txt" | awk '{print $2}')
    awk -v f="$ferry_wall" -v p="$python_wall" 'BEGIN { if (f > 0) printf "  Ferry is %.1fx faster than the Python reference on the same input\n", p / f }'
  fi
else
  echo "  python:    skipped (pip install duckdb networkx, or make test-deps)"
fi
