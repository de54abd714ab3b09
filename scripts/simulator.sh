# Sourced by demo.sh and bench.sh: starts `ferry simulate` on a free loopback port and exports what
# a pipeline needs to reach it. The simulator is stopped when the calling script exits.
# Usage: start_simulator BIN USERS SEED MESSAGES_PER_USER
start_simulator() {
  local bin=$1 users=$2 seed=$3 messages=$4
  mkdir -p .ferry
  local ready=.ferry/simulator.url
  rm -f "$ready"
  FERRY_CLIENT_SECRET=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  export FERRY_SIMULATOR_CLIENT_SECRET=$FERRY_CLIENT_SECRET FERRY_CLIENT_SECRET
  export FERRY_TENANT_ID
  FERRY_TENANT_ID=$(printf '00000000-0000-4000-8000-%012d' "$seed")
  export FERRY_CLIENT_ID=ferry-demo
  # SIMULATOR_ARGS adds flags, e.g. "--throttle-scale 0.1" (word-split on purpose).
  # shellcheck disable=SC2086
  "$bin" simulate --port 0 --users "$users" --seed "$seed" --messages-per-user "$messages" ${SIMULATOR_ARGS:-} \
    --tenant-id "$FERRY_TENANT_ID" --client-id "$FERRY_CLIENT_ID" --ready-file "$ready" \
    >.ferry/simulator.log 2>&1 &
  SIMULATOR_PID=$!
  trap 'kill $SIMULATOR_PID 2>/dev/null; wait $SIMULATOR_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 300); do
    [ -s "$ready" ] && break
    kill -0 "$SIMULATOR_PID" 2>/dev/null || { cat .ferry/simulator.log >&2; echo "the simulator did not start" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$ready" ] || { echo "the simulator did not report its port within 30 s" >&2; exit 1; }
  export FERRY_GRAPH_URL
  FERRY_GRAPH_URL=$(cat "$ready")
  # A pseudonymization key kept across demo runs, so pseudonyms stay comparable between them.
  if [ ! -s .ferry/demo-pseudonym.key ]; then
    (umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .ferry/demo-pseudonym.key)
  fi
  export FERRY_PSEUDONYM_KEY
  FERRY_PSEUDONYM_KEY=$(cat .ferry/demo-pseudonym.key)
}
