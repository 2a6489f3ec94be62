#!/usr/bin/env bash
# Cache-missing checks (docs/benchmarks.md, "Cache misses"): the scale data set (bench/scale-data.sql), then
# POST /api/v1/authz/check with a random scale actor and a random invoice per request (bench/misses.lua), so
# nearly every snapshot part misses its cache. Closed loop with wrk -t2 -c32 after a 10 s warm-up; p50 and p99
# from wrk --latency.
#
#   bench/misses.sh [seconds] [rounds]          (defaults: 3 rounds of 15 s)
#   BENCH_FACTOR=0.1      the scale data set's factor (default 1: 100,000 users, 1,000,000 invoices, ~3.5 min to load)
#   BENCH_DATA_DIR=dir    keep the loaded database in dir and reuse it on the next run (default: a fresh temporary one)
#   BENCH_APP=dir         run another build against the same data: dir holds its bin/plystractl and target/
#                         (e.g. a worktree of main after ./mvnw package -DskipTests)
#
# Needs psql (Debian: postgresql-client). Raw output: bench/results/misses-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
APP="${BENCH_APP:-$ROOT}"
SECS="${1:-15}"
ROUNDS="${2:-3}"
FACTOR="${BENCH_FACTOR:-1}"
PORT="${BENCH_PORT:-18771}"
DB_PORT="${BENCH_DB_PORT:-54471}"
BASE="http://127.0.0.1:$PORT"
bench_init misses
WORK="$(mktemp -d /tmp/plystra-misses-bench.XXXXXX)"
chmod 755 "$WORK"
DATA="${BENCH_DATA_DIR:-$WORK/db}"
need wrk psql
build_if_missing "$APP"
log "# Cache-missing checks $(date -u +%FT%TZ)"
log "machine: $(cores_cpu); build $(git -C "$APP" rev-parse --short HEAD 2>/dev/null || echo "of $APP") ($APP); load average $(loadavg)"

if curl -fs "$BASE/api/v1/ready" >/dev/null 2>&1; then echo "port $PORT is taken: set BENCH_PORT" >&2; exit 1; fi
start_dev "$PORT" "$DB_PORT" "$DATA" "$OUT.server.log" "$APP"
trap 'stop_dev; rm -rf "$WORK"' EXIT
wait_ready "$BASE" "$OUT.server.log"

PSQL=(env PGPASSWORD=plystra psql -q -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra -v ON_ERROR_STOP=1)
USERS=$("${PSQL[@]}" -tAc "SELECT count(*) FROM users WHERE id LIKE 'su\_%'")
if [ "$USERS" = 0 ]; then
  START=$(date +%s)
  "${PSQL[@]}" -v factor="$FACTOR" -f "$ROOT/bench/scale-data.sql"
  "${PSQL[@]}" -c ANALYZE
  log "scale data set (factor $FACTOR) loaded in $(( $(date +%s) - START )) s"
fi
USERS=$("${PSQL[@]}" -tAc "SELECT count(*) FROM users WHERE id LIKE 'su\_%'")
INVOICES=$("${PSQL[@]}" -tAc "SELECT count(*) FROM resources WHERE id LIKE 'sinv\_%'")
log "data: $USERS scale users, $INVOICES scale invoices"

TOKEN=$(login_token "$BASE")
export TOKEN USERS INVOICES
LUA="$ROOT/bench/misses.lua"
log "one request: $(curl -s "$BASE/api/v1/authz/check" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"actor":{"user_id":"su_7","member_id":"sm_7","user_member_id":"sum_7","space_id":"space_scale"},"resource_type":"invoice","resource_id":"sinv_7","action":"approve"}' \
  | grep -o '"decision":"[a-z]*"')"
wrk -t2 -c32 -d10s -s "$LUA" "$BASE/api/v1/authz/check" >/dev/null

log ""
log "| round | requests/s | p50 | p99 | non-2xx | load average |"
log "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  result=$(wrk -t2 -c32 -d"${SECS}s" --latency -s "$LUA" "$BASE/api/v1/authz/check")
  echo "$result" >> "$OUT"
  log "| $round | $(echo "$result" | awk '/Requests\/sec/ {print $2}') | $(echo "$result" | awk '$1=="50%" {print $2}') | $(echo "$result" | awk '$1=="99%" {print $2}') | $(echo "$result" | awk '/Non-2xx/ {print $NF}') | $(loadavg) |"
done
log "raw results: $OUT"
