#!/usr/bin/env bash
# The attacks of issue 12 (login burst, guesses at one account, a long space name), each against a
# fresh `plystractl start-dev` (embedded PostgreSQL with durable defaults, bin/plystractl's default
# JAVA_OPTS unless JAVA_OPTS is set), so the in-memory login limits of one cannot refuse the next:
#
#   bench/attacks.sh [login-burst] [account-guesses] [long-name]     (default: all three)
#
# Ports: ATTACK_PORT (18190) and ATTACK_DB_PORT (54391); data in ATTACK_DATA_DIR
# (default: a temporary directory, removed at the end). bench/Attacks.java sends the requests and
# prints the numbers; raw output goes to bench/results/attacks-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
PORT="${ATTACK_PORT:-18190}"
BASE="http://127.0.0.1:$PORT"
ATTACKS=("$@")
[ ${#ATTACKS[@]} -gt 0 ] || ATTACKS=(login-burst account-guesses long-name)
bench_init attacks
if [ -n "${ATTACK_DATA_DIR:-}" ]; then DATA="$ATTACK_DATA_DIR"; CLEAN=""; else CLEAN="$(mktemp -d /tmp/plystra-attacks.XXXXXX)"; DATA="$CLEAN/db"; fi
export METRICS_ENABLED=true
METRICS_TOKEN="metrics-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export METRICS_TOKEN

build_if_missing

log "# Plystra attacks $(date -u +%FT%TZ)"
log "machine: $(cores_cpu), $(free -g | awk '/Mem:/{print $2}') GiB"
log "java: $(java -version 2>&1 | head -1); server JAVA_OPTS: ${JAVA_OPTS-bin/plystractl default}"
log "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
log "load average at start: $(loadavg)"

trap 'stop_dev; [ -z "$CLEAN" ] || rm -rf "$CLEAN"' EXIT

for attack in "${ATTACKS[@]}"; do
  # LAUNCHER is plystractl's JVM; SIGTERM to it (stop_dev) stops the server and the database.
  start_dev "$PORT" "${ATTACK_DB_PORT:-54391}" "$DATA" "$OUT.server.log"
  wait_ready "$BASE" "$OUT.server.log"
  SERVER_PID="$(pgrep -P "$LAUNCHER" -f quarkus-run.jar)"
  log ""
  log "## $attack (fresh server, pid $SERVER_PID; load average $(loadavg))"
  java "$ROOT/bench/Attacks.java" "$BASE" "$SERVER_PID" "$attack" 2>&1 | tee -a "$OUT"
  log "server log so far: $(grep -c '"status":5' "$OUT.server.log" || true) requests answered 5xx, $(grep -c OutOfMemoryError "$OUT.server.log" || true) OutOfMemoryError"
  stop_dev
done
echo "raw results: $OUT"
