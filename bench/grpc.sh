#!/usr/bin/env bash
# Plystra's decision over REST and over gRPC, side by side in one run: closed loop, 32 concurrent,
# ROUNDS rounds of SECS seconds each, interleaved:
#   - REST POST /api/v1/authz/check           wrk -t2 -c32 (bench/check.lua)
#   - plystra.authz.v1 Check over gRPC        bench/GrpcLoad.java plystra, 32 calls in flight on 2 channels
#   - Envoy ext_authz Check over gRPC         bench/GrpcLoad.java envoy, the same
#   - REST POST /api/v1/authz/batch-check     wrk -t2 -c32, 100 items a request (decisions/s = req/s x 100)
# Plystra runs as `plystractl start-dev` (embedded PostgreSQL, durable defaults, sync audit) on a
# fresh data directory. Callers: an API key holding authz:check in space_acme for REST and
# plystra.authz.v1 (and as the gateway key of ext_authz); alice's session token as the end user's
# credential inside the ext_authz request. Every request is alice (finance reviewer) approving
# invoice_001: an allow, with its audit row. The client runs on the same machine as the server.
#
#   bench/grpc.sh [seconds] [rounds]        (defaults 15 and 3)
#
# Raw output: bench/results/grpc-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
SECS="${1:-15}"
ROUNDS="${2:-3}"
PORT="${BENCH_PORT:-18380}"
GRPC_PORT="${BENCH_GRPC_PORT:-19390}"
DB_PORT="${BENCH_DB_PORT:-54393}"
BASE="http://127.0.0.1:$PORT"
bench_init grpc
WORK="$(mktemp -d /tmp/plystra-grpc-bench.XXXXXX)"
CP="$ROOT/target/quarkus-app/app/*:$ROOT/target/quarkus-app/lib/main/*"
need wrk
build_if_missing

log "# Plystra over REST and gRPC $(date -u +%FT%TZ)"
log "machine: $(cores_cpu); $(java -version 2>&1 | head -1); commit $(git -C "$ROOT" rev-parse --short HEAD)"
log "load average before: $(loadavg)"

PLYSTRA_GRPC_PORT="$GRPC_PORT" start_dev "$PORT" "$DB_PORT" "$WORK/db" "$OUT.server.log"
cleanup() {
  # The launcher's java child owns the embedded database: SIGTERM to it stops both.
  stop_dev -P
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_ready "$BASE" "$OUT.server.log"

SESSION=$(login_token "$BASE")
KEY=$(curl -fs "$BASE/api/v1/api-keys" -H "Authorization: Bearer $SESSION" -H 'Content-Type: application/json' \
  -d '{"name":"grpc-bench","permission_keys":["authz:check"],"space_id":"space_acme"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
curl -fs -o /dev/null -X PUT "$BASE/api/v1/spaces/space_acme/gateway/routes" -H "Authorization: Bearer $SESSION" \
  -H 'Content-Type: application/json' -d '{"routes":[{"name":"approve-invoice","methods":["POST"],
  "path":"/invoices/{invoice_id}/approve","resource_type":"invoice","resource_id":"{invoice_id}","action":"approve"}]}'

ITEM='{"resource_type":"invoice","resource_id":"invoice_001","action":"approve"}'
ITEMS=$(printf "$ITEM,%.0s" $(seq 1 100)); ITEMS=${ITEMS%,}
cat > "$WORK/batch.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"actor":{"user_id":"user_alice","member_id":"member_finance_reviewer","user_member_id":"um_alice_finance_reviewer","space_id":"space_acme"},"items":[$ITEMS]}'
LUA
curl -fs "$BASE/api/v1/authz/batch-check" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$WORK/batch.lua")" | grep -o '"decision":"allow"' | wc -l | sed 's/^/batch-check smoke test, allows of 100: /' | tee -a "$OUT"

wrk_run() {
  local name=$1 script=$2 path=$3 per=$4
  local result rps p50 p99 non2xx
  result=$(TOKEN="$KEY" wrk -t2 -c32 -d"${SECS}s" --latency -s "$script" "$BASE$path")
  echo "$result" >> "$OUT"
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$result" | awk '$1=="50%" {print $2}')
  p99=$(echo "$result" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$result" | awk '/Non-2xx/ {print $NF}')
  log "| $name | $rps | $(awk -v r="$rps" -v p="$per" 'BEGIN {printf "%.0f", r * p}') | $p50 | $p99 | non-2xx ${non2xx:-0} |"
}
grpc_run() {
  local name=$1 mode=$2
  local result rps p50 p99 other
  result=$(TOKEN=$([ "$mode" = envoy ] && echo "$SESSION" || echo "$KEY") GATEWAY_KEY="$KEY" \
    java -cp "$CP" "$ROOT/bench/GrpcLoad.java" "$mode" "127.0.0.1:$GRPC_PORT" 32 "$SECS" 3 2 2>/dev/null)
  echo "$result" >> "$OUT"
  rps=$(echo "$result" | sed -n 's/.* rps=\([0-9]*\).*/\1/p')
  p50=$(echo "$result" | sed -n 's/.* p50=\([0-9.]*ms\).*/\1/p')
  p99=$(echo "$result" | sed -n 's/.* p99=\([0-9.]*ms\).*/\1/p')
  other=$(echo "$result" | grep '^outcome' | grep -v 'outcome allow' | tr '\n' ' ' || true)
  log "| $name | $rps | $rps | $p50 | $p99 | ${other:-all allow} |"
}

# Warm up the JIT and the caches on every path (not measured).
TOKEN="$KEY" wrk -t2 -c32 -d10s -s "$ROOT/bench/check.lua" "$BASE/api/v1/authz/check" >/dev/null
TOKEN="$KEY" wrk -t2 -c8 -d5s -s "$WORK/batch.lua" "$BASE/api/v1/authz/batch-check" >/dev/null
TOKEN="$KEY" java -cp "$CP" "$ROOT/bench/GrpcLoad.java" plystra "127.0.0.1:$GRPC_PORT" 32 5 2 2 >/dev/null 2>&1
TOKEN="$SESSION" GATEWAY_KEY="$KEY" java -cp "$CP" "$ROOT/bench/GrpcLoad.java" envoy "127.0.0.1:$GRPC_PORT" 32 5 2 2 >/dev/null 2>&1

log ""
log "| round: target | req/s | decisions/s | p50 | p99 | other answers |"
log "|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  wrk_run "$round: REST check" "$ROOT/bench/check.lua" /api/v1/authz/check 1
  grpc_run "$round: gRPC plystra.authz.v1 Check" plystra
  grpc_run "$round: gRPC Envoy ext_authz Check" envoy
  wrk_run "$round: REST batch-check, 100 items" "$WORK/batch.lua" /api/v1/authz/batch-check 100
  log "|   load average after round $round: $(loadavg) | | | | | |"
done
log "load average after: $(loadavg)"
