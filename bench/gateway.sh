#!/usr/bin/env bash
# NGINX in front of an upstream, directly and with auth_request asking Plystra (the shipped
# docs/gateways/nginx.conf), and Plystra's own /authz/check for the same decision, side by side in one run: closed loop with wrk (-t2 -c32), req/s, p50,
# p99. Plystra runs as `plystractl start-dev` (embedded PostgreSQL, durable defaults, sync audit)
# on a fresh data directory; the routes are docs/gateways/routes.yaml; the client is alice with a
# session token approving invoice_001 on host billing.example.com (an allow, so every request
# reaches the upstream; the run stops unless the first one is a 200).
#
#   bench/gateway.sh [seconds]        (default 15 per round; rounds alternate direct and via Plystra)
#
# Raw output: bench/results/gateway-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
SECS="${1:-15}"
PORT="${BENCH_PORT:-18280}"
DIRECT=18281
GUARDED=18282
UPSTREAM=18283
BASE="http://127.0.0.1:$PORT"
bench_init gateway
WORK="$(mktemp -d /tmp/plystra-gateway-bench.XXXXXX)"
need wrk nginx
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
build_if_missing

log "# Plystra behind NGINX auth_request $(date -u +%FT%TZ)"
log "load average at the start: $(loadavg)"
log "machine: $(cores_cpu); $("$NGINX" -v 2>&1); commit $(git -C "$ROOT" rev-parse --short HEAD)"

start_dev "$PORT" "${BENCH_DB_PORT:-54392}" "$WORK/db" "$OUT.server.log"
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  stop_dev
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_ready "$BASE" "$OUT.server.log"

TOKEN=$(login_token "$BASE")
KEY=$(curl -s "$BASE/api/v1/api-keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"bench","permission_keys":["authz:check"],"space_id":"space_acme"}' | sed 's/.*"key":"\([^"]*\)".*/\1/')
PLYSTRA_DATABASE_URL="postgres://plystra:plystra@127.0.0.1:${BENCH_DB_PORT:-54392}/plystra?sslmode=disable" \
  "$ROOT/bin/plystractl" gateway routes apply -f "$ROOT/docs/gateways/routes.yaml" | tee -a "$OUT"

GUARDED_SERVER=$(sed -e "s/PLYSTRA_GATEWAY_KEY/$KEY/" -e "s/127.0.0.1:8080/127.0.0.1:$PORT/" \
  -e "s/127.0.0.1:9000/127.0.0.1:$UPSTREAM/" -e "s/listen 80;/listen 127.0.0.1:$GUARDED;/" "$ROOT/docs/gateways/nginx.conf")
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  server { listen 127.0.0.1:$UPSTREAM; location / { return 200 "upstream\n"; } }
  server { listen 127.0.0.1:$DIRECT; location / { proxy_pass http://127.0.0.1:$UPSTREAM; } }
  $GUARDED_SERVER
}
CONF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
sleep 1

cat > "$WORK/approve.lua" <<LUA
wrk.method = "POST"
wrk.headers["Host"] = "billing.example.com"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
curl -s -o /dev/null -w "check through NGINX: %{http_code}\n" -X POST -H "Authorization: Bearer $TOKEN" -H "Host: billing.example.com" \
  "http://127.0.0.1:$GUARDED/invoices/invoice_001/approve" | tee -a "$OUT"
grep -q "check through NGINX: 200" "$OUT" || { echo "the check through NGINX is no allow; see $OUT.server.log" >&2; exit 1; }

run() {
  local name=$1 url=$2 script=$3
  local result
  result=$(TOKEN="$TOKEN" wrk -t2 -c32 -d"${SECS}s" --latency -s "$script" "$url")
  echo "$result" >> "$OUT"
  local rps p50 p99 non2xx
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$result" | awk '$1=="50%" {print $2}')
  p99=$(echo "$result" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$result" | awk '/Non-2xx/ {print $NF}')
  log "| $name | $rps | $p50 | $p99 | ${non2xx:-0} |"
}
log ""
log "| target | req/s | p50 | p99 | non-2xx |"
log "|---|---|---|---|---|"
for round in 1 2 3; do
  run "NGINX → upstream (round $round)" "http://127.0.0.1:$DIRECT/invoices/invoice_001/approve" "$WORK/approve.lua"
  run "Plystra POST /authz/check alone (round $round)" "$BASE/api/v1/authz/check" "$ROOT/bench/check.lua"
  run "NGINX + auth_request + Plystra → upstream (round $round)" "http://127.0.0.1:$GUARDED/invoices/invoice_001/approve" "$WORK/approve.lua"
done
log "load average at the end: $(loadavg)"
