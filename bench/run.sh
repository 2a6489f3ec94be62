#!/usr/bin/env bash
# The Plystra load benchmark: one command, against the built jar and the embedded PostgreSQL with
# its durable defaults (fsync, synchronous_commit, full_page_writes on), sync audit.
#
#   bench/run.sh [rounds] [seconds]        (defaults: 3 rounds of 15 s)
#
# Rounds alternate the framework floor (GET /api/v1/health) and the decision (POST
# /api/v1/authz/check, Finance Reviewer case 1), closed loop with wrk -t2 -c32; then a fixed
# rate of 2,000 checks/s with bench/OpenLoad.java (open loop, latency from the due instant), the
# server's resident memory under that load, and start-to-ready of a second instance on the same
# (running) database. JAVA_OPTS reaches the server JVM (bin/plystractl's defaults otherwise).
# Raw output goes to bench/results/<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
ROUNDS="${1:-3}"
SECONDS_PER_RUN="${2:-15}"
PORT="${BENCH_PORT:-18080}"
BASE="http://127.0.0.1:$PORT"
bench_init ""
need wrk
build_if_missing

log "# Plystra benchmark $(date -u +%FT%TZ)"
log "machine: $(cores_cpu), $(free -g | awk '/Mem:/{print $2}') GiB"
log "java: $(java -version 2>&1 | head -1)"
log "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"

start_dev "$PORT" "${BENCH_DB_PORT:-54339}" "" "$OUT.server.log"
trap stop_dev EXIT
wait_ready "$BASE" "$OUT.server.log" server 120
log "postgres: $(grep -m1 -o 'PostgreSQL [0-9][0-9.]*' "$OUT.server.log" || echo 17)"

TOKEN=$(login_token "$BASE")
export TOKEN

# Warm up the JIT and the caches.
wrk -t2 -c32 -d10s -s "$ROOT/bench/check.lua" "$BASE/api/v1/authz/check" >/dev/null
wrk -t2 -c32 -d5s "$BASE/api/v1/health" >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  log ""
  log "## round $round: health (closed loop, wrk -t2 -c32 -d${SECONDS_PER_RUN}s)"
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency "$BASE/api/v1/health" | tee -a "$OUT"
  log "## round $round: check (closed loop, wrk -t2 -c32 -d${SECONDS_PER_RUN}s)"
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$ROOT/bench/check.lua" "$BASE/api/v1/authz/check" | tee -a "$OUT"
done

log ""
BODY_FILE="$(mktemp)"
echo '{"actor":{"user_id":"user_alice","member_id":"member_finance_reviewer","user_member_id":"um_alice_finance_reviewer","space_id":"space_acme"},"resource_type":"invoice","resource_id":"invoice_001","action":"approve"}' > "$BODY_FILE"
SERVER_PID=$(pgrep -n -f "$ROOT/target/quarkus-app/quarkus-run.jar" || true)
for what in health check; do
  log "## $what at a fixed rate of 2,000/s (bench/OpenLoad.java, 32 connections, ${SECONDS_PER_RUN}s after 5s of warm-up)"
  if [ "$what" = health ]; then
    java "$ROOT/bench/OpenLoad.java" "$BASE/api/v1/health" 2000 "$SECONDS_PER_RUN" 5 32 | tee -a "$OUT" &
  else
    java "$ROOT/bench/OpenLoad.java" "$BASE/api/v1/authz/check" 2000 "$SECONDS_PER_RUN" 5 32 "$BODY_FILE" | tee -a "$OUT" &
  fi
  LOAD=$!
  PEAK=0
  while kill -0 "$LOAD" 2>/dev/null; do
    RSS=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null || echo 0)
    [ "${RSS:-0}" -gt "$PEAK" ] && PEAK=$RSS
    sleep 1
  done
  log "server resident memory, highest during the load: $(( PEAK / 1024 )) MiB"
done
rm -f "$BODY_FILE"

log ""
log "## start to ready of a second instance on the running database (plystractl start, development mode: Flyway validates), 3 times"
DB_URL="postgres://plystra:plystra@127.0.0.1:${BENCH_DB_PORT:-54339}/plystra?sslmode=disable"
for i in 1 2 3; do
  START=$(date +%s%N)
  SERVER_PORT=$((PORT + 1)) PLYSTRA_DATABASE_URL="$DB_URL" "$ROOT/bin/plystractl" start \
    > "$OUT.second.log" 2>&1 &
  SECOND=$!
  until curl -fs "http://127.0.0.1:$((PORT + 1))/api/v1/ready" >/dev/null 2>&1; do sleep 0.02; done
  log "start $i: ready after $(( ($(date +%s%N) - START) / 1000000 )) ms ($(grep -o 'started in [0-9.]*s' "$OUT.second.log"))"
  kill "$SECOND"; wait "$SECOND" 2>/dev/null || true
done
echo "raw results: $OUT"
