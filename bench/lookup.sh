#!/usr/bin/env bash
# lookup-resources' first page over 1,000,000 resources: a space of 1,000,000 invoices in 1,000
# groups under one root; one actor whose role covers the root's whole tree (every invoice is a
# candidate), one whose role covers one group (1,000 invoices), one with a space-wide role.
# Closed loop with wrk (-t2 -c32), first page of 100 ids, 3 rounds of 15 s per actor.
#
#   bench/lookup.sh [seconds]
#
# Needs psql (Debian: postgresql-client). Raw output: bench/results/lookup-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
SECS="${1:-15}"
PORT="${BENCH_PORT:-18480}"
DB_PORT="${BENCH_DB_PORT:-54394}"
BASE="http://127.0.0.1:$PORT"
bench_init lookup
WORK="$(mktemp -d /tmp/plystra-lookup-bench.XXXXXX)"
chmod 755 "$WORK"
need wrk psql
build_if_missing
log "# lookup-resources over 1,000,000 resources $(date -u +%FT%TZ)"
log "machine: $(machine_line)"

start_dev "$PORT" "$DB_PORT" "$WORK/db" "$OUT.server.log"
trap 'stop_dev; rm -rf "$WORK"' EXIT
wait_ready "$BASE" "$OUT.server.log"

START=$(date +%s)
PGPASSWORD=plystra psql -q -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO spaces (id, name) VALUES ('space_lookup', 'Lookup');
INSERT INTO groups (id, space_id, path, name) VALUES ('lg_root', 'space_lookup', 'root', 'Root');
INSERT INTO groups (id, space_id, parent_id, path, name)
SELECT 'lg_' || g, 'space_lookup', 'lg_root', 'root.c' || g, 'Group ' || g FROM generate_series(1, 1000) AS g;
INSERT INTO resources (id, space_id, resource_type, group_id, display_name)
SELECT 'linv_' || lpad(n::text, 7, '0'), 'space_lookup', 'invoice', 'lg_' || (1 + n % 1000), 'Invoice ' || n
FROM generate_series(1, 1000000) AS n;
INSERT INTO permissions (id, resource, action, scope) VALUES
  ('lperm_tree', 'invoice', 'approve', 'group_tree'), ('lperm_group', 'invoice', 'approve', 'group'),
  ('lperm_space', 'invoice', 'approve', 'space') ON CONFLICT DO NOTHING;
INSERT INTO roles (id, space_id, key, name) VALUES
  ('lr_tree', 'space_lookup', 'tree', 'Tree'), ('lr_group', 'space_lookup', 'group', 'Group'), ('lr_space', 'space_lookup', 'space', 'Space');
INSERT INTO role_permissions (id, role_id, permission_id)
SELECT 'lrp_' || k, 'lr_' || k, (SELECT id FROM permissions WHERE resource = 'invoice' AND action = 'approve' AND scope = s)
FROM (VALUES ('tree', 'group_tree'), ('group', 'group'), ('space', 'space')) AS v (k, s);
INSERT INTO users (id, email) VALUES ('lu_tree', 'tree@lookup.test'), ('lu_group', 'group@lookup.test'), ('lu_space', 'space@lookup.test');
INSERT INTO members (id, space_id, display_name) VALUES
  ('lm_tree', 'space_lookup', 'Tree'), ('lm_group', 'space_lookup', 'Group'), ('lm_space', 'space_lookup', 'Space');
INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES
  ('lum_tree', 'space_lookup', 'lu_tree', 'lm_tree', 'login'), ('lum_group', 'space_lookup', 'lu_group', 'lm_group', 'login'),
  ('lum_space', 'space_lookup', 'lu_space', 'lm_space', 'login');
INSERT INTO member_roles (id, space_id, member_id, role_id, scope_anchor_group_id) VALUES
  ('lmr_tree', 'space_lookup', 'lm_tree', 'lr_tree', 'lg_root'), ('lmr_group', 'space_lookup', 'lm_group', 'lr_group', 'lg_7'),
  ('lmr_space', 'space_lookup', 'lm_space', 'lr_space', NULL);
ANALYZE;
SQL
log "data: 1,000,000 invoices in 1,000 groups under one root, loaded in $(( $(date +%s) - START )) s"

TOKEN=$(login_token "$BASE")
for who in tree group space; do
  cat > "$WORK/$who.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"actor":{"user_id":"lu_$who","member_id":"lm_$who","user_member_id":"lum_$who","space_id":"space_lookup"},"resource_type":"invoice","action":"approve","page_size":100}'
LUA
  first=$(curl -s "$BASE/api/v1/authz/lookup-resources" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$WORK/$who.lua")")
  log "$who: first page has $(echo "$first" | grep -o 'linv_' | wc -l) ids; has_more $(echo "$first" | grep -o '"has_more":[a-z]*' | cut -d: -f2)"
done

log ""
log "| round: actor (candidates) | pages/s | p50 | p99 | non-2xx |"
log "|---|---|---|---|---|"
for round in 1 2 3; do
  for who in tree group space; do
    result=$(wrk -t2 -c32 -d"${SECS}s" --latency -s "$WORK/$who.lua" "$BASE/api/v1/authz/lookup-resources")
    echo "$result" >> "$OUT"
    log "| $round: $who | $(echo "$result" | awk '/Requests\/sec/ {print $2}') | $(echo "$result" | awk '$1=="50%" {print $2}') | $(echo "$result" | awk '$1=="99%" {print $2}') | $(echo "$result" | awk '/Non-2xx/ {print $NF}') |"
  done
done
log "load average at the end: $(loadavg)"
