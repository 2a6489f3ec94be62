#!/usr/bin/env bash
# A/B comparison of two builds of Plystra on the same machine, in one run with rounds alternating:
#
#   bench/ab.sh <checkout A> <checkout B> [rounds] [seconds]      (defaults: 4 rounds of 15 s)
#
# Each checkout must hold a built target/quarkus-app (./mvnw package -DskipTests). Each runs under
# its own `plystractl start-dev` (its own embedded PostgreSQL, durable defaults) on its own ports;
# the check (Finance Reviewer case 1, sync audit) is driven by wrk -t2 -c32 against A, then B, then
# A... Only one server is under load at a time. Raw output goes to bench/results/ab-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
A="$(cd "$1" && pwd)"
B="$(cd "$2" && pwd)"
ROUNDS="${3:-4}"
SECONDS_PER_RUN="${4:-15}"
bench_init ab
need wrk

log "# A/B $(date -u +%FT%TZ): A=$A ($(git -C "$A" rev-parse --short HEAD)) B=$B ($(git -C "$B" rev-parse --short HEAD))"
log "machine: $(cores_cpu); java: $(java -version 2>&1 | head -1)"

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start() { # checkout port dbport; plystractl's default data directory in the checkout
  start_dev "$2" "$3" "" "$OUT.$2.log" "$1"
  PIDS+=("$LAUNCHER")
  wait_ready "http://127.0.0.1:$2" "$OUT.$2.log" "server on $2"
}
start "$A" 18180 54381
start "$B" 18280 54382
TOKEN_A=$(login_token http://127.0.0.1:18180)
TOKEN_B=$(login_token http://127.0.0.1:18280)
for port in 18180 18280; do # warm-up
  TOKEN=$([ $port = 18180 ] && echo "$TOKEN_A" || echo "$TOKEN_B") wrk -t2 -c32 -d20s -s "$ROOT/bench/check.lua" \
    "http://127.0.0.1:$port/api/v1/authz/check" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    port=$([ $side = A ] && echo 18180 || echo 18280)
    log "## round $round: $side check (wrk -t2 -c32 -d${SECONDS_PER_RUN}s)"
    TOKEN=$([ $side = A ] && echo "$TOKEN_A" || echo "$TOKEN_B") wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency \
      -s "$ROOT/bench/check.lua" "http://127.0.0.1:$port/api/v1/authz/check" | tee -a "$OUT"
  done
done
log ""
for side in A B; do
  log "$side check req/s by round: $(awk -v s="$side" '/^## round/ {cur=$4} /Requests\/sec/ && cur==s {printf "%s ", $2}' "$OUT")"
done
echo "raw results: $OUT"
