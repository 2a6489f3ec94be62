#!/usr/bin/env bash
# Tail latency of the check (docs/benchmarks.md, "Sidecar-grade latency"): one server, durable PostgreSQL, sync audit.
#
#   bench/latency.sh [seconds]                 (default 60 s per fixed-rate run)
#
# Environment: BENCH_DATA_DIR keeps the development database between runs (default: a new one under
# bench/results/); BENCH_FILL=N first adds N audit rows (bench/audit-fill.sql) and vacuums; JAVA_HOME and JAVA_OPTS
# choose the server's JVM and flags (bin/plystractl's defaults otherwise); BENCH_LABEL names the run; BENCH_QUERIES=0
# skips the audit queries; BENCH_ROUTES=1 adds batch-check (100 items) at 10/s and 20/s and lookup-resources at 200/s.
# Measures, after 15 s of warm-up: closed loop (wrk -t2 -c32, 3 rounds of 15 s), open loop at 1,000/s and 2,000/s
# (bench/OpenLoad.java, 32 connections, latency from the due instant) with the server's peak RSS, and the audit
# queries (first page by actor over 24 h, by request id, by resource, by decision; 200 one at a time each).
# Raw output: bench/results/latency-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
SECS="${1:-60}"
PORT="${BENCH_PORT:-18480}"
DB_PORT="${BENCH_DB_PORT:-54348}"
BASE="http://127.0.0.1:$PORT"
bench_init latency
DATA="${BENCH_DATA_DIR:-$ROOT/bench/results/latency-db-$STAMP}"
need wrk psql
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log "# latency ${BENCH_LABEL:-} $(date -u +%FT%TZ), commit $(git -C "$ROOT" rev-parse --short HEAD)"
log "machine: $(cores_cpu); java: $("$JAVA" -version 2>&1 | head -1)"
log "JAVA_OPTS: ${JAVA_OPTS-(plystractl defaults)}; data: $DATA; load average: $(loadavg)"

start_dev "$PORT" "$DB_PORT" "$DATA" "$OUT.server.log"
trap stop_dev EXIT
wait_ready "$BASE" "$OUT.server.log"
# The launcher (plystractl) execs into start-dev's JVM, whose child is the server JVM.
SERVER_PID=$(pgrep -P "$LAUNCHER" -f quarkus-run.jar)
PSQL=(env PGPASSWORD=plystra psql -qtA -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra)

login() {
  TOKEN=$(login_token "$BASE")
  export TOKEN
}
login
wrk -t2 -c32 -d15s -s "$ROOT/bench/check.lua" "$BASE/api/v1/authz/check" >/dev/null

if [ "${BENCH_FILL:-0}" -gt 0 ]; then
  t0=$(date +%s)
  "${PSQL[@]}" -v rows="$BENCH_FILL" -f "$ROOT/bench/audit-fill.sql" | tee -a "$OUT"
  "${PSQL[@]}" -c "VACUUM ANALYZE audit_logs" -c CHECKPOINT
  log "filled $BENCH_FILL rows in $(( $(date +%s) - t0 )) s"
  login # the access token may have expired meanwhile
  wrk -t2 -c32 -d15s -s "$ROOT/bench/check.lua" "$BASE/api/v1/authz/check" >/dev/null
fi
log "audit rows (estimate): $("${PSQL[@]}" -c "SELECT sum(reltuples)::bigint FROM pg_class WHERE oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass)"); current partition: $("${PSQL[@]}" -c "SELECT pg_size_pretty(pg_table_size(c)) || ' table, ' || pg_size_pretty(pg_indexes_size(c)) || ' indexes' FROM (SELECT plystra_ensure_audit_partition(now())::regclass AS c) x")"

for round in 1 2 3; do
  log "## closed loop, round $round (wrk -t2 -c32 -d15s)"
  wrk -t2 -c32 -d15s --latency -s "$ROOT/bench/check.lua" "$BASE/api/v1/authz/check" | grep -E 'Requests/sec|  50%|  99%|Non-2xx' | tee -a "$OUT"
done

ACTOR='"actor":{"user_id":"user_alice","member_id":"member_finance_reviewer","user_member_id":"um_alice_finance_reviewer","space_id":"space_acme"}'
ITEM='{"resource_type":"invoice","resource_id":"invoice_001","action":"approve"}'
BODIES="$(mktemp -d)"
echo "{$ACTOR,\"resource_type\":\"invoice\",\"resource_id\":\"invoice_001\",\"action\":\"approve\"}" > "$BODIES/check.json"
echo "{$ACTOR,\"items\":[$(printf "$ITEM,%.0s" $(seq 1 99))$ITEM]}" > "$BODIES/batch-check.json"
echo "{$ACTOR,\"resource_type\":\"invoice\",\"action\":\"approve\",\"page_size\":100}" > "$BODIES/lookup-resources.json"

# open_loop ROUTE RATE: OpenLoad against /api/v1/authz/ROUTE at RATE requests/s, with the server's peak RSS.
open_loop() {
  log "## open loop: $1 at $2/s ($SECS s after 5 s of warm-up, 32 connections)"
  "$JAVA" "$ROOT/bench/OpenLoad.java" "$BASE/api/v1/authz/$1" "$2" "$SECS" 5 32 "$BODIES/$1.json" | tee -a "$OUT" &
  LOAD=$!
  PEAK=0
  while kill -0 "$LOAD" 2>/dev/null; do
    RSS=$(ps -o rss= -p "$SERVER_PID" 2>/dev/null || echo 0)
    [ "${RSS:-0}" -gt "$PEAK" ] && PEAK=$RSS
    sleep 1
  done
  log "server RSS, highest: $(( PEAK / 1024 )) MiB"
}
open_loop check 1000
open_loop check 2000
if [ "${BENCH_ROUTES:-0}" = 1 ]; then
  open_loop batch-check 10    # 100 items a request: 1,000 decisions/s
  open_loop batch-check 20
  open_loop lookup-resources 200
fi
rm -rf "$BODIES"

if [ "${BENCH_QUERIES:-1}" = 1 ]; then
  FROM=$(date -u -d '-24 hours' +%Y-%m-%dT%H:%M:%SZ)
  REQ=$("${PSQL[@]}" -c "SELECT request_id FROM audit_logs WHERE created_at > now() - interval '2 hours' AND request_id IS NOT NULL LIMIT 1 OFFSET 1000")
  for q in "actor_user_id=user_alice&created_at_from=$FROM" "actor_user_id=user_fill_4242&created_at_from=$FROM" \
           "request_id=$REQ" "resource_type=invoice&resource_id=invoice_fill_4242" "decision=deny"; do
    # One at a time, 200 times: curl's own transfer time (the process start is not counted).
    for _ in $(seq 1 200); do
      curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/audit/logs?$q"
    done | sort -n | awk -v q="$q" '{t[NR]=$1*1000} END {printf "audit query %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)\n", q, t[int(NR*0.5)], t[int(NR*0.95)], t[int(NR*0.99)], t[NR], NR}' | tee -a "$OUT"
  done
fi
log "load average at the end: $(loadavg)"
echo "raw results: $OUT"
