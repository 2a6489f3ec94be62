#!/usr/bin/env bash
# The V1 Foundations' costs (docs/benchmarks.md): one check without conditions, the same check under a
# binding with three conditions (a resource attribute, a principal attribute, the client address), a check
# by a member of 20 teams each 3 levels deep (60 teams, 20 team bindings), and check-columns asking 500
# columns of a type whose binding grants 5 of its 10 column groups. Each round runs every case twice with wrk:
# one connection (-t1 -c1: the latency of one request at a time) and closed loop (-t2 -c32: throughput),
# 15 s each, after a warm-up.
#
#   bench/foundations.sh [seconds] [rounds]
#   BENCH_HOLD=1 bench/foundations.sh 15 0   # load the data, then keep the server up (bodies and token in
#                                            # the log) for a side-by-side run against another PDP; Ctrl-C stops
#
# Needs psql (Debian: postgresql-client). Raw output: bench/results/foundations-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
SECS="${1:-15}"
ROUNDS="${2:-3}"
PORT="${BENCH_PORT:-18580}"
DB_PORT="${BENCH_DB_PORT:-54395}"
BASE="http://127.0.0.1:$PORT"
bench_init foundations
WORK="$(mktemp -d /tmp/plystra-foundations-bench.XXXXXX)"
chmod 755 "$WORK"
need wrk psql
build_if_missing
log "# V1 Foundations costs $(date -u +%FT%TZ)"
log "machine: $(machine_line)"

start_dev "$PORT" "$DB_PORT" "$WORK/db" "$OUT.server.log"
trap 'stop_dev; rm -rf "$WORK"' EXIT
wait_ready "$BASE" "$OUT.server.log"

PGPASSWORD=plystra psql -q -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO spaces (id, name) VALUES ('space_fnd', 'Foundations');
INSERT INTO resource_types (id, key, display_name) VALUES ('rt_fdoc', 'fdoc', 'Document');
INSERT INTO resource_actions (id, resource_type_id, key, display_name) VALUES ('ra_fdoc_read', 'rt_fdoc', 'read', 'Read');
INSERT INTO resources (id, space_id, resource_type, display_name) VALUES ('fdoc_1', 'space_fnd', 'fdoc', 'Document 1');
INSERT INTO permissions (id, resource, action, scope) VALUES ('fperm_read', 'fdoc', 'read', 'space');
INSERT INTO roles (id, space_id, key, name) VALUES ('fr_reader', 'space_fnd', 'reader', 'Reader');
INSERT INTO role_permissions (id, role_id, permission_id) VALUES ('frp_reader', 'fr_reader', 'fperm_read');
INSERT INTO users (id, email) SELECT 'fu_' || k, k || '@foundations.test' FROM unnest(ARRAY['plain', 'cond', 'teams', 'cols']) AS k;
INSERT INTO members (id, space_id, display_name) SELECT 'fm_' || k, 'space_fnd', k FROM unnest(ARRAY['plain', 'cond', 'teams', 'cols']) AS k;
INSERT INTO user_members (id, space_id, user_id, member_id, relation_type)
SELECT 'fum_' || k, 'space_fnd', 'fu_' || k, 'fm_' || k, 'login' FROM unnest(ARRAY['plain', 'cond', 'teams', 'cols']) AS k;
-- plain: the role, no conditions. cond: the permission directly, under three conditions.
INSERT INTO member_roles (id, space_id, member_id, role_id) VALUES ('fmr_plain', 'space_fnd', 'fm_plain', 'fr_reader');
INSERT INTO member_roles (id, space_id, member_id, permission_id, conditions) VALUES ('fmr_cond', 'space_fnd', 'fm_cond', 'fperm_read',
  '{"required_attributes": [{"attribute": "resource.amount", "op": "lte", "value": 10000}, {"attribute": "principal.department", "op": "eq", "value": "finance"}, {"attribute": "context.ip", "op": "in_cidr", "value": "127.0.0.0/8"}]}');
INSERT INTO attributes (id, space_id, subject_kind, subject_id, key, value, value_type) VALUES
  ('fa_amount', 'space_fnd', 'resource', 'fdoc:fdoc_1', 'amount', '500', 'number'),
  ('fa_department', 'space_fnd', 'member', 'fm_cond', 'department', '"finance"', 'string');
-- teams: 20 chains leaf -> middle -> top; the member is in every leaf; every top team holds the role.
INSERT INTO teams (id, space_id, key, name)
SELECT 'ft_' || lvl || '_' || i, 'space_fnd', lvl || '_' || i, lvl || ' ' || i
FROM generate_series(1, 20) AS i, unnest(ARRAY['leaf', 'mid', 'top']) AS lvl;
INSERT INTO team_parents (id, space_id, team_id, parent_team_id)
SELECT 'ftp_l_' || i, 'space_fnd', 'ft_leaf_' || i, 'ft_mid_' || i FROM generate_series(1, 20) AS i
UNION ALL SELECT 'ftp_m_' || i, 'space_fnd', 'ft_mid_' || i, 'ft_top_' || i FROM generate_series(1, 20) AS i;
INSERT INTO team_members (id, space_id, team_id, member_id) SELECT 'ftm_' || i, 'space_fnd', 'ft_leaf_' || i, 'fm_teams' FROM generate_series(1, 20) AS i;
INSERT INTO member_roles (id, space_id, subject_kind, team_id, role_id)
SELECT 'fmr_top_' || i, 'space_fnd', 'team', 'ft_top_' || i, 'fr_reader' FROM generate_series(1, 20) AS i;
-- columns: an external table type of 500 columns in 10 groups of 50; the binding grants groups g0 to g4.
INSERT INTO resource_types (id, key, display_name, storage_kind) VALUES ('rt_fwide', 'fwide', 'Wide table', 'external');
INSERT INTO resource_actions (id, resource_type_id, key, display_name) VALUES ('ra_fwide_select', 'rt_fwide', 'select', 'Select');
INSERT INTO resource_type_columns (resource_type_id, name, position) SELECT 'rt_fwide', 'c' || lpad(n::text, 3, '0'), n FROM generate_series(0, 499) AS n;
INSERT INTO column_groups (id, resource_type_id, key, columns)
SELECT 'fcg_' || g, 'rt_fwide', 'g' || g, ARRAY(SELECT 'c' || lpad(n::text, 3, '0') FROM generate_series(g * 50, g * 50 + 49) AS n)
FROM generate_series(0, 9) AS g;
INSERT INTO permissions (id, resource, action, scope) VALUES ('fperm_select', 'fwide', 'select', 'space');
INSERT INTO member_roles (id, space_id, member_id, permission_id, conditions) VALUES ('fmr_cols', 'space_fnd', 'fm_cols', 'fperm_select',
  '{"column_groups": ["g0", "g1", "g2", "g3", "g4"]}');
ANALYZE;
SQL

TOKEN=$(login_token "$BASE")
COLUMNS=$(seq -f 'c%03g' 0 499 | sed 's/.*/"&"/' | paste -sd, -)
body() { # actor, type, id, action, extra
  echo "{\"actor\":{\"user_id\":\"fu_$1\",\"member_id\":\"fm_$1\",\"user_member_id\":\"fum_$1\",\"space_id\":\"space_fnd\"},\"resource_type\":\"$2\",\"resource_id\":\"$3\",\"action\":\"$4\"$5}"
}
declare -A ROUTE
for case in plain cond teams cols; do
  case "$case" in
    cols) b=$(body cols fwide dwh.wide select ",\"columns\":[$COLUMNS]"); ROUTE[$case]=check-columns ;;
    *) b=$(body "$case" fdoc fdoc_1 read ""); ROUTE[$case]=check ;;
  esac
  echo "$b" > "$WORK/$case.json"
  cat > "$WORK/$case.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
local f = io.open("$WORK/$case.json"); wrk.body = f:read("*a"); f:close()
LUA
  answer=$(curl -s "$BASE/api/v1/authz/${ROUTE[$case]}" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d @"$WORK/$case.json")
  log "$case: $(echo "$answer" | grep -o '"decision":"[a-z]*"') $(echo "$answer" | grep -o '"allowed":\[[^]]*\]' | grep -o '"c[0-9]*"' | wc -l) columns allowed"
  wrk -t2 -c32 -d10s -s "$WORK/$case.lua" "$BASE/api/v1/authz/${ROUTE[$case]}" >/dev/null
done

log ""
log "| round: case, load | requests/s | p50 | p99 | non-2xx |"
log "|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for case in plain cond teams cols; do
    for load in "-t1 -c1" "-t2 -c32"; do
      result=$(wrk $load -d"${SECS}s" --latency -s "$WORK/$case.lua" "$BASE/api/v1/authz/${ROUTE[$case]}")
      echo "$result" >> "$OUT"
      log "| $round: $case, $load | $(echo "$result" | awk '/Requests\/sec/ {print $2}') | $(echo "$result" | awk '$1=="50%" {print $2}') | $(echo "$result" | awk '$1=="99%" {print $2}') | $(echo "$result" | awk '/Non-2xx/ {print $NF}') |"
    done
  done
done
log "load average at the end: $(loadavg)"
if [ -n "${BENCH_HOLD:-}" ]; then
  log "holding: $BASE (token $TOKEN); bodies in $WORK/{plain,cond,teams,cols}.json"
  wait $LAUNCHER
fi
