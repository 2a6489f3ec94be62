#!/usr/bin/env bash
# The audit record's costs (docs/benchmarks.md, "The record"): an audit log of ROWS decision rows (bench/AuditRows.java:
# hashed and linked as the writer does, a Merkle checkpoint every 50,000 rows), then
#   - GET /audit/export of all of it, plain and gzip: rows/s, bytes, and the server's resident memory sampled every
#     0.2 s before and during the export (flat memory: the peak minus the memory before);
#   - plystractl audit export to a .gz file, audit import into a new database, audit verify there (the round trip);
#   - GET /audit/proofs/{id} for 300 random rows, one at a time: p50 and p99; plystractl audit verify-proof of one.
#
#   bench/export.sh [rows]
#
# Needs psql (Debian: postgresql-client). Raw output: bench/results/export-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
ROWS="${1:-1000000}"
PORT="${BENCH_PORT:-18590}"
DB_PORT="${BENCH_DB_PORT:-54397}"
BASE="http://127.0.0.1:$PORT"
bench_init export
WORK="$(mktemp -d /tmp/plystra-export-bench.XXXXXX)"
chmod 755 "$WORK"
need psql
build_if_missing
log "# audit record costs $(date -u +%FT%TZ), $ROWS rows"
log "machine: $(machine_line)"

start_dev "$PORT" "$DB_PORT" "$WORK/db" "$OUT.server.log"
trap 'stop_dev; rm -rf "$WORK"' EXIT
wait_ready "$BASE" "$OUT.server.log"
SERVER_PID=$(ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
PSQL=(env PGPASSWORD=plystra psql -qtA -h 127.0.0.1 -p "$DB_PORT" -U plystra)
"${PSQL[@]}" plystra -c "SELECT plystra_ensure_audit_partition(now() - make_interval(months => m)) FROM generate_series(1, 2) AS m" >/dev/null
export PLYSTRA_DATABASE_URL="postgres://plystra:plystra@127.0.0.1:$DB_PORT/plystra?sslmode=disable"
CP="$ROOT/target/quarkus-app/app/*:$ROOT/target/quarkus-app/lib/main/*:$ROOT/target/quarkus-app/lib/boot/*"

t0=$(date +%s.%N)
java -cp "$CP" "$ROOT/bench/AuditRows.java" "jdbc:postgresql://127.0.0.1:$DB_PORT/plystra" plystra plystra "$ROWS" 4 50000 | tee -a "$OUT"
log "generated in $(echo "$(date +%s.%N) - $t0" | bc) s; audit_logs: $("${PSQL[@]}" plystra -c "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) || ' in the partitions, ' || (SELECT count(*) FROM audit_logs) || ' rows' FROM pg_inherits WHERE inhparent = 'audit_logs'::regclass")"
"${PSQL[@]}" plystra -c "VACUUM ANALYZE audit_logs" >/dev/null

TOKEN=$(login_token "$BASE")

# One export over HTTP while the server's RSS is sampled; prints seconds, bytes, rows/s, RSS before and peak (MiB).
http_export() {
  local label="$1"; shift
  local before peak rss pid
  before=$(ps -o rss= -p "$SERVER_PID")
  peak=$before
  curl -s -o "$WORK/export.out" -w '%{time_total} %{size_download}\n' -H "Authorization: Bearer $TOKEN" "$@" \
    "$BASE/api/v1/audit/export" > "$WORK/curl.out" &
  pid=$!
  while kill -0 $pid 2>/dev/null; do
    rss=$(ps -o rss= -p "$SERVER_PID" || echo 0)
    [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.2
  done
  read -r secs bytes < "$WORK/curl.out"
  log "$label: $ROWS rows in $secs s = $(echo "$ROWS / $secs" | bc) rows/s, $(echo "$bytes / 1048576" | bc) MiB sent; server RSS before $((before / 1024)) MiB, peak $((peak / 1024)) MiB"
}
log "## GET /api/v1/audit/export"
http_export "plain (warm-up)"
http_export "plain"
http_export "gzip" -H 'Accept-Encoding: gzip'
log "lines in the last (gzip) export: $(gzip -dc "$WORK/export.out" | wc -l) (rows + trailer)"

log "## plystractl audit export | import | verify"
t0=$(date +%s.%N); "$ROOT/bin/plystractl" audit export -o "$WORK/all.ndjson.gz" | tee -a "$OUT"
log "export to .gz: $(echo "$(date +%s.%N) - $t0" | bc) s, $(($(stat -c %s "$WORK/all.ndjson.gz") / 1048576)) MiB"
"${PSQL[@]}" plystra -c "CREATE DATABASE plystra_copy" >/dev/null
COPY_URL="postgres://plystra:plystra@127.0.0.1:$DB_PORT/plystra_copy?sslmode=disable"
PLYSTRA_DATABASE_URL="$COPY_URL" "$ROOT/bin/plystractl" migrate up >/dev/null
t0=$(date +%s.%N); PLYSTRA_DATABASE_URL="$COPY_URL" "$ROOT/bin/plystractl" audit import "$WORK/all.ndjson.gz" | tee -a "$OUT"
log "import: $(echo "$(date +%s.%N) - $t0" | bc) s"
t0=$(date +%s.%N); PLYSTRA_DATABASE_URL="$COPY_URL" "$ROOT/bin/plystractl" audit verify | tee -a "$OUT"
log "verify of the copy: $(echo "$(date +%s.%N) - $t0" | bc) s"

log "## GET /api/v1/audit/proofs/{id}, 300 random rows, one at a time"
"${PSQL[@]}" plystra -c "SELECT id FROM audit_logs TABLESAMPLE SYSTEM (1) WHERE chain_id <> 'mutations' LIMIT 300" > "$WORK/ids"
while read -r id; do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/audit/proofs/$id"
done < "$WORK/ids" | sort -n > "$WORK/proof-times"
n=$(wc -l < "$WORK/proof-times")
p() { sed -n "$(( ($1 * n + 99) / 100 ))p" "$WORK/proof-times"; }
log "proofs: $n, p50 $(p 50) s, p99 $(p 99) s, max $(tail -1 "$WORK/proof-times") s (checkpoints of 50,000 rows / 4 chains = 12,500 leaves)"
"$ROOT/bin/plystractl" audit prove "$(head -1 "$WORK/ids")" -o "$WORK/proof.json" >/dev/null
t0=$(date +%s.%N); env -u PLYSTRA_DATABASE_URL "$ROOT/bin/plystractl" audit verify-proof "$WORK/proof.json" | tee -a "$OUT"
log "verify-proof (a new JVM, no database): $(echo "$(date +%s.%N) - $t0" | bc) s"
log "load average at the end $(loadavg)"
