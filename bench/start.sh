#!/usr/bin/env bash
# Start to ready of a production instance (docs/benchmarks.md): `plystractl start-dev` once (embedded
# PostgreSQL, migrations applied), then N launches of `bin/plystractl start` in production mode on
# another port against that database, each timed from launch to the first 200 of GET /api/v1/ready
# (polled every 10 ms) and the JVM's CPU time at that moment, then stopped.
#
#   bench/start.sh [launches]                                        (default 5)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/start.sh   # the java to measure (default: java)
#   JAVA_OPTS='...' bench/start.sh                                   # replaces bin/plystractl's JVM defaults
#   BENCH_AOT_TRAIN=1 JAVA=.../temurin-25.../bin/java bench/start.sh  # first trains the AOT cache (`plystractl
#                                                                    # aot-cache`) against the same database
#
# The production instance uses its own database role (production refuses plystra:plystra) and fresh
# 64-character secrets. bin/plystractl uses target/quarkus-app/app.aot when it is there and the java is
# 25 or newer (docs/operations.md, "AOT cache"). Needs psql (Debian: postgresql-client).
# Raw output: bench/results/start-<time>.txt (and .dev.log, .launch-<i>.log).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
LAUNCHES="${1:-5}"
PORT="${BENCH_PORT:-18680}"
DB_PORT="${BENCH_DB_PORT:-54397}"
PROD_PORT=$((PORT + 1))
JAVA_BIN="$(readlink -f "$(command -v "${JAVA:-java}")")"
bench_init start
WORK="$(mktemp -d /tmp/plystra-start-bench.XXXXXX)"
chmod 755 "$WORK"
need psql
build_if_missing
log "# start to ready $(date -u +%FT%TZ)"
log "machine: $(machine_line)"
log "java: $JAVA_BIN ($("$JAVA_BIN" -version 2>&1 | head -1)); JAVA_OPTS: ${JAVA_OPTS-(bin/plystractl defaults)}"
[ -f "$ROOT/target/quarkus-app/app.aot" ] && log "AOT cache: target/quarkus-app/app.aot ($(du -m "$ROOT/target/quarkus-app/app.aot" | cut -f1) MiB)"

PLYSTRA_GRPC_PORT=$((PORT + 2)) start_dev "$PORT" "$DB_PORT" "$WORK/db" "$OUT.dev.log"
SECOND=
trap '[ -n "$SECOND" ] && kill "$SECOND" 2>/dev/null; stop_dev; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_ready "http://127.0.0.1:$PORT" "$OUT.dev.log" start-dev

ROLE_PASSWORD="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
PGPASSWORD=plystra psql -q -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE plystra_start LOGIN PASSWORD '$ROLE_PASSWORD' IN ROLE plystra"

prod() {
  exec env PLYSTRA_ENV=production SERVER_PORT="$PROD_PORT" PLYSTRA_GRPC_PORT=$((PORT + 3)) \
    PLYSTRA_DATABASE_URL="postgres://plystra_start:$ROLE_PASSWORD@127.0.0.1:$DB_PORT/plystra?sslmode=disable" \
    PLYSTRA_SESSION_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
    AUDIT_CHECKPOINT_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
    CORS_ALLOWED_ORIGINS=https://admin.example.com JAVA_HOME="$(dirname "$(dirname "$JAVA_BIN")")" \
    "$ROOT/bin/plystractl" "${1:-start}"
}
if [ "${BENCH_AOT_TRAIN:-0}" = 1 ]; then
  log "training: $( (prod aot-cache) 2>"$OUT.training.log" | tail -1)"
fi

TIMES=()
for i in $(seq 1 "$LAUNCHES"); do
  START=$(date +%s%N)
  prod > "$OUT.launch-$i.log" 2>&1 &
  SECOND=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PROD_PORT/api/v1/ready" 2>/dev/null; do
    kill -0 "$SECOND" 2>/dev/null || { echo "launch $i exited; see $OUT.launch-$i.log" >&2; exit 1; }
    sleep 0.01
  done
  MS=$(( ($(date +%s%N) - START) / 1000000 ))
  # CPU time the JVM used until then (all its threads, the JIT compilers included): less
  # sensitive than the wall time to other work on the machine.
  CPU_MS=$(awk -v tck="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / tck)}' "/proc/$SECOND/stat")
  TIMES+=("$MS")
  log "launch $i: ready after $MS ms, $CPU_MS ms of CPU (Quarkus: $(grep -o 'started in [0-9.]*s' "$OUT.launch-$i.log" || echo 'no started line'))"
  kill "$SECOND"; wait "$SECOND" 2>/dev/null || true
  SECOND=
done
SORTED=($(printf '%s\n' "${TIMES[@]}" | sort -n))
log "median $(printf '%s\n' "${SORTED[@]}" | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}') ms, min ${SORTED[0]} ms, max ${SORTED[-1]} ms over $LAUNCHES launches; load average now $(loadavg)"
echo "raw results: $OUT"
