#!/usr/bin/env bash
# Replay: GET /spaces/{sid}/authz/state?member_id=&at= over 1,000,000 change events. One space of 10,001
# members; 400,000 binding versions (the measured member's 40 bindings and its 20 teams' 40, 50 versions
# each; the others' 39,600 x 10), 300,000 attribute changes, 300,000 team-membership audit rows (mutation
# chain) and 1,220 role versions, team and team-link rows, spread over the past 365 days; the measured member
# has about 10,000 of them.
# Each request asks for the state at a random instant of the past year. Closed loop with wrk: 3 rounds of
# 15 s at 1 connection (latency of one request at a time), then at 8.
#
#   bench/replay.sh [seconds]
#
# Needs psql (Debian: postgresql-client). Raw output: bench/results/replay-<time>.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
SECS="${1:-15}"
PORT="${BENCH_PORT:-18490}"
DB_PORT="${BENCH_DB_PORT:-54396}"
BASE="http://127.0.0.1:$PORT"
bench_init replay
WORK="$(mktemp -d /tmp/plystra-replay-bench.XXXXXX)"
chmod 755 "$WORK"
need wrk psql
build_if_missing
log "# replay: principal state as of an instant over 1,000,000 change events $(date -u +%FT%TZ)"
log "machine: $(machine_line)"

start_dev "$PORT" "$DB_PORT" "$WORK/db" "$OUT.server.log"
trap 'stop_dev; rm -rf "$WORK"' EXIT
wait_ready "$BASE" "$OUT.server.log"

START=$(date +%s)
PGPASSWORD=plystra psql -q -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO spaces (id, name) VALUES ('space_replay', 'Replay');
INSERT INTO members (id, space_id, display_name) VALUES ('rm_target', 'space_replay', 'Target');
INSERT INTO members (id, space_id, display_name) SELECT 'rm_' || m, 'space_replay', 'Member ' || m FROM generate_series(0, 9999) AS m;
INSERT INTO permissions (id, resource, action, scope) VALUES ('rperm_read', 'invoice', 'read', 'space'),
  ('rperm_approve', 'invoice', 'approve', 'space') ON CONFLICT DO NOTHING;
INSERT INTO roles (id, space_id, key, name) SELECT 'rr_' || r, 'space_replay', 'r' || r, 'Role ' || r FROM generate_series(0, 49) AS r;
-- 50 roles x 20 versions, alternately granting read, or read and approve.
INSERT INTO role_versions (role_id, version, name, status, permission_ids, reason, created_at)
SELECT 'rr_' || r, v, 'Role ' || r, 'active',
       CASE WHEN v % 2 = 0 THEN ARRAY['rperm_read'] ELSE ARRAY['rperm_approve', 'rperm_read'] END,
       CASE WHEN v = 1 THEN 'created' ELSE 'permission_added' END,
       now() - interval '366 days' + v * interval '18 days'
FROM generate_series(0, 49) AS r, generate_series(1, 20) AS v;
-- 400,000 binding versions: 39,600 bindings of the other members x 10 versions; the target's 40 bindings and its
-- teams' 40 (2 per team) x 50 versions each.
INSERT INTO binding_history (binding_id, version, space_id, verb, state, changed_at)
SELECT 'rb_' || k, v, 'space_replay', CASE WHEN v = 1 THEN 'created' WHEN v % 2 = 0 THEN 'revoked' ELSE 'restored' END,
       jsonb_build_object('subject_kind', 'member', 'member_id', 'rm_' || (k % 10000), 'team_id', NULL,
                          'role_id', 'rr_' || (k % 50), 'permission_id', NULL, 'scope_anchor_group_id', NULL,
                          'status', CASE WHEN v % 2 = 0 THEN 'revoked' ELSE 'active' END, 'expires_at', NULL, 'conditions', NULL),
       now() - interval '365 days' + (v - 1) * interval '36 days' + k * interval '60 seconds'
FROM (SELECT n % 39600 AS k, n / 39600 + 1 AS v FROM generate_series(0, 395999) AS n) AS g;
INSERT INTO binding_history (binding_id, version, space_id, verb, state, changed_at)
SELECT 'rbt_' || k, v, 'space_replay', CASE WHEN v = 1 THEN 'created' WHEN v % 2 = 0 THEN 'revoked' ELSE 'restored' END,
       jsonb_build_object('subject_kind', CASE WHEN k < 40 THEN 'member' ELSE 'team' END,
                          'member_id', CASE WHEN k < 40 THEN 'rm_target' END,
                          'team_id', CASE WHEN k >= 40 THEN 'rt_' || (1 + k % 20) END,
                          'role_id', 'rr_' || (k % 50), 'permission_id', NULL, 'scope_anchor_group_id', NULL,
                          'status', CASE WHEN v % 2 = 0 THEN 'revoked' ELSE 'active' END, 'expires_at', NULL, 'conditions', NULL),
       now() - interval '365 days' + (v - 1) * interval '7 days' + k * interval '60 seconds'
FROM generate_series(0, 79) AS k, generate_series(1, 50) AS v;
-- 300,000 attribute changes over 30 keys; every 100th is the target's.
INSERT INTO attribute_history (id, space_id, subject_kind, subject_id, key, operation, new_value, new_value_type, created_at)
SELECT 'rah_' || n, 'space_replay', 'member', CASE WHEN n % 100 = 0 THEN 'rm_target' ELSE 'rm_' || (n % 10000) END,
       'k' || ((n / 100) % 30), CASE WHEN n % 7 = 0 THEN 'delete' ELSE 'set' END,
       CASE WHEN n % 7 = 0 THEN NULL ELSE to_jsonb(n) END, CASE WHEN n % 7 = 0 THEN NULL ELSE 'number' END,
       now() - interval '365 days' + n * interval '105 seconds'
FROM generate_series(0, 299999) AS n;
-- The mutation chain's rows of 20 teams, 200 inheritance links and 300,000 membership changes (every 100th the target's).
INSERT INTO audit_logs (id, created_at, space_id, action, resource_type, resource_id, decision, trace, chain_id)
SELECT 'aud_rt_' || t, now() - interval '366 days', 'space_replay', 'team.created', 'team', 'rt_' || t, 'allow',
       jsonb_build_object('after', jsonb_build_object('id', 'rt_' || t, 'key', 'team' || t, 'status', 'active')), 'mutations'
FROM generate_series(1, 20) AS t;
INSERT INTO audit_logs (id, created_at, space_id, action, resource_type, resource_id, decision, trace, chain_id)
SELECT 'aud_rtp_' || n, now() - interval '365 days' + n * interval '1 day',
       'space_replay', CASE WHEN n % 3 = 2 THEN 'team_parent.removed' ELSE 'team_parent.created' END, 'team_parent',
       'rtp_' || (n % 40), 'allow',
       jsonb_build_object('after', jsonb_build_object('id', 'rtp_' || (n % 40), 'team_id', 'rt_' || (1 + n % 20),
                                                      'parent_team_id', 'rt_' || (1 + (n + 1 + n / 20) % 20))), 'mutations'
FROM generate_series(0, 199) AS n WHERE (n + 1 + n / 20) % 20 <> n % 20;
INSERT INTO audit_logs (id, created_at, space_id, action, resource_type, resource_id, decision, trace, chain_id)
SELECT 'aud_rtm_' || n, now() - interval '365 days' + n * interval '105 seconds', 'space_replay',
       CASE WHEN (n / 100) % 4 = 3 THEN 'team_member.removed' ELSE 'team_member.updated' END, 'team_member',
       'rtm_' || m || '_' || t, 'allow',
       jsonb_build_object('after', jsonb_build_object('id', 'rtm_' || m || '_' || t, 'team_id', 'rt_' || t, 'member_id', m,
                                                      'starts_at', NULL, 'ends_at', NULL)), 'mutations'
FROM (SELECT n, CASE WHEN n % 100 = 0 THEN 'rm_target' ELSE 'rm_' || (n % 10000) END AS m, 1 + (n / 100) % 20 AS t
      FROM generate_series(0, 299999) AS n) AS g;
ANALYZE;
SQL
EVENTS=$(PGPASSWORD=plystra psql -tA -h 127.0.0.1 -p "$DB_PORT" -U plystra plystra -c "SELECT (SELECT count(*) FROM binding_history)
  + (SELECT count(*) FROM attribute_history) + (SELECT count(*) FROM role_versions)
  + (SELECT count(*) FROM audit_logs WHERE resource_type IN ('team', 'team_parent', 'team_member'))")
log "data: $EVENTS change events, loaded in $(( $(date +%s) - START )) s"

TOKEN=$(login_token "$BASE")
STATE="/api/v1/spaces/space_replay/authz/state?member_id=rm_target"
MID=$(date -u -d '-180 days' +%FT%TZ)
one=$(curl -s "$BASE$STATE&at=$MID" -H "Authorization: Bearer $TOKEN")
log "state at $MID: $(echo "$one" | grep -o '"subject_kind"' | wc -l) bindings, $(echo "$one" | grep -o '"child_team_id"' | wc -l) team links, $(echo "$one" | grep -o '"key":"k' | wc -l) attributes"
cat > "$WORK/state.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
math.randomseed(42)
request = function()
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - math.random(1, 365 * 86400))
  return wrk.format("GET", "$STATE&at=" .. at)
end
LUA

log ""
log "| round: connections | requests/s | p50 | p99 | non-2xx |"
log "|---|---|---|---|---|"
for round in 1 2 3; do
  for c in 1 8; do
    result=$(wrk -t1 -c"$c" -d"${SECS}s" --latency -s "$WORK/state.lua" "$BASE")
    echo "$result" >> "$OUT"
    log "| $round: $c | $(echo "$result" | awk '/Requests\/sec/ {print $2}') | $(echo "$result" | awk '$1=="50%" {print $2}') | $(echo "$result" | awk '$1=="99%" {print $2}') | $(echo "$result" | awk '/Non-2xx/ {print $NF}') |"
  done
done
log "load average at the end: $(loadavg)"
