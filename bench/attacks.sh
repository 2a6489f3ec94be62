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
PORT="${ATTACK_PORT:-18190}"
BASE="http://127.0.0.1:$PORT"
ATTACKS=("$@")
[ ${#ATTACKS[@]} -gt 0 ] || ATTACKS=(login-burst account-guesses long-name)
OUT="$ROOT/bench/results/attacks-$(date -u +%Y%m%dT%H%M%SZ).txt"
mkdir -p "$ROOT/bench/results"
if [ -n "${ATTACK_DATA_DIR:-}" ]; then DATA="$ATTACK_DATA_DIR"; CLEAN=""; else CLEAN="$(mktemp -d /tmp/plystra-attacks.XXXXXX)"; DATA="$CLEAN/db"; fi
export METRICS_ENABLED=true
METRICS_TOKEN="metrics-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export METRICS_TOKEN

[ -f "$ROOT/target/quarkus-app/quarkus-run.jar" ] || (cd "$ROOT" && ./mvnw -B -q package -DskipTests)

log() { echo "$*" | tee -a "$OUT"; }
log "# Plystra attacks $(date -u +%FT%TZ)"
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
log "java: $(java -version 2>&1 | head -1); server JAVA_OPTS: ${JAVA_OPTS-bin/plystractl default}"
log "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

LAUNCHER=""
stop() {
  if [ -n "$LAUNCHER" ]; then
    kill -TERM "$LAUNCHER" 2>/dev/null || true
    wait "$LAUNCHER" 2>/dev/null || true
    LAUNCHER=""
  fi
}
trap 'stop; [ -z "$CLEAN" ] || rm -rf "$CLEAN"' EXIT

for attack in "${ATTACKS[@]}"; do
  # exec: the recorded pid is plystractl's JVM; SIGTERM to it stops the server and the database.
  (cd "$ROOT" && SERVER_PORT="$PORT" PLYSTRA_DEV_DB_PORT="${ATTACK_DB_PORT:-54391}" PLYSTRA_DEV_DATA_DIR="$DATA" \
    exec bin/plystractl start-dev >> "$OUT.server.log" 2>&1) &
  LAUNCHER=$!
  for _ in $(seq 1 180); do curl -fs "$BASE/api/v1/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -fs "$BASE/api/v1/ready" >/dev/null || { echo "server did not become ready; see $OUT.server.log" >&2; exit 1; }
  SERVER_PID="$(pgrep -P "$LAUNCHER" -f quarkus-run.jar)"
  log ""
  log "## $attack (fresh server, pid $SERVER_PID; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java "$ROOT/bench/Attacks.java" "$BASE" "$SERVER_PID" "$attack" 2>&1 | tee -a "$OUT"
  log "server log so far: $(grep -c '"status":5' "$OUT.server.log" || true) requests answered 5xx, $(grep -c OutOfMemoryError "$OUT.server.log" || true) OutOfMemoryError"
  stop
done
echo "raw results: $OUT"
