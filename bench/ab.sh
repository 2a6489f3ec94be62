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
A="$(cd "$1" && pwd)"
B="$(cd "$2" && pwd)"
ROUNDS="${3:-4}"
SECONDS_PER_RUN="${4:-15}"
OUT="$ROOT/bench/results/ab-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p "$ROOT/bench/results"
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }

log() { echo "$*" | tee -a "$OUT"; }
log "# A/B $(date -u +%FT%TZ): A=$A ($(git -C "$A" rev-parse --short HEAD)) B=$B ($(git -C "$B" rev-parse --short HEAD))"
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); java: $(java -version 2>&1 | head -1)"

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start() { # checkout port dbport
  # exec: the recorded pid is plystractl's JVM, whose exit stops its server and database.
  (cd "$1" && SERVER_PORT="$2" PLYSTRA_DEV_DB_PORT="$3" exec bin/plystractl start-dev > "$OUT.$2.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$2/api/v1/ready" >/dev/null 2>&1 && return; sleep 1; done
  echo "server on $2 did not become ready; see $OUT.$2.log" >&2; exit 1
}
token() {
  curl -fs "http://127.0.0.1:$1/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d '{"email":"alice@example.com","password":"plystra-demo"}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
start "$A" 18180 54381
start "$B" 18280 54382
TOKEN_A=$(token 18180)
TOKEN_B=$(token 18280)
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
