-- The scale data set of issue 5, in its own space `space_scale`, next to the Finance Reviewer demo:
-- 10,000 groups (a tree up to depth 6), 100,000 users, members and bindings, 1,000,000 invoices,
-- and 5,000,000 audit rows over the last 60 days. Run it against a migrated database with the demo:
--   psql "$URL" -v factor=1 -f bench/scale-data.sql          (factor 0.01 for a quick try)
-- Every row is plain data inserted with set-based SQL; the audit rows reference one shared set of
-- snapshots, like the rows the service writes.
\set ON_ERROR_STOP on
\if :{?factor}
\else
\set factor 1
\endif

BEGIN;
INSERT INTO spaces (id, name, slug) VALUES ('space_scale', 'Scale', 'scale') ON CONFLICT DO NOTHING;

-- Groups: node i > 5 is a child of node (i - 1) / 5, so depths run 1..6 for 10,000 nodes.
WITH RECURSIVE tree (i, parent, path) AS (
    SELECT i, NULL::int, 'g' || i FROM generate_series(1, 5) AS i
    UNION ALL
    SELECT c.i, t.i, t.path || '.g' || c.i
    FROM tree t JOIN generate_series(6, greatest(6, (10000 * :factor)::int)) AS c (i) ON (c.i - 1) / 5 = t.i)
INSERT INTO groups (id, space_id, parent_id, path, name)
SELECT 'sg_' || i, 'space_scale', CASE WHEN parent IS NULL THEN NULL ELSE 'sg_' || parent END, path, 'Group ' || i
FROM tree ORDER BY i
ON CONFLICT DO NOTHING;

INSERT INTO users (id, email, status)
SELECT 'su_' || n, 'scale' || n || '@example.com', 'active' FROM generate_series(1, (100000 * :factor)::int) AS n
ON CONFLICT DO NOTHING;
INSERT INTO members (id, space_id, display_name)
SELECT 'sm_' || n, 'space_scale', 'Scale member ' || n FROM generate_series(1, (100000 * :factor)::int) AS n
ON CONFLICT DO NOTHING;
INSERT INTO user_members (id, space_id, user_id, member_id, relation_type, is_primary)
SELECT 'sum_' || n, 'space_scale', 'su_' || n, 'sm_' || n, 'login', true FROM generate_series(1, (100000 * :factor)::int) AS n
ON CONFLICT DO NOTHING;

INSERT INTO roles (id, space_id, key, name)
SELECT 'sr_' || k, 'space_scale', 'scale_role_' || k, 'Scale role ' || k FROM generate_series(1, 10) AS k
ON CONFLICT DO NOTHING;
INSERT INTO role_permissions (id, role_id, permission_id)
SELECT 'srp_' || k, 'sr_' || k, 'perm_invoice_approve_group_tree' FROM generate_series(1, 10) AS k
ON CONFLICT DO NOTHING;
-- Each member holds one role anchored at one of the 5 root groups.
INSERT INTO member_roles (id, space_id, member_id, role_id, scope_anchor_group_id)
SELECT 'smr_' || n, 'space_scale', 'sm_' || n, 'sr_' || (1 + n % 10), 'sg_' || (1 + n % 5)
FROM generate_series(1, (100000 * :factor)::int) AS n
ON CONFLICT DO NOTHING;

INSERT INTO resources (id, space_id, resource_type, group_id, owner_member_id, display_name)
SELECT 'sinv_' || n, 'space_scale', 'invoice', 'sg_' || (1 + n % greatest(6, (10000 * :factor)::int)),
       'sm_' || (1 + n % (100000 * :factor)::int), 'Scale invoice ' || n
FROM generate_series(1, (1000000 * :factor)::int) AS n
ON CONFLICT DO NOTHING;
COMMIT;

-- Audit rows: partitions for the last three months first, then 5,000,000 rows, one per second back over 60 days.
SELECT plystra_ensure_audit_partition(now() - make_interval(months => m)) FROM generate_series(0, 2) AS m;
INSERT INTO audit_snapshots (hash, body) VALUES ('00000000000000000000000000scale0', '{"scale": true}')
ON CONFLICT DO NOTHING;
INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id, action,
                        resource_type, resource_id, decision, deny_code, request_id, ip_address, user_agent, trace)
SELECT format('aud_%s%s', lpad(to_hex((extract(epoch FROM t) * 1000)::bigint), 12, '0'), lpad(to_hex(n), 16, '0')),
       t, 'space_scale', 'su_' || u, 'sm_' || u, 'sum_' || u, 'approve', 'invoice', 'sinv_' || (1 + n % (1000000 * :factor)::int),
       CASE WHEN n % 3 = 0 THEN 'deny' ELSE 'allow' END, CASE WHEN n % 3 = 0 THEN 'SCOPE_OUT_OF_BOUNDS' END,
       'req_scale_' || n, '10.0.0.1', 'scale-generator',
       jsonb_build_object('trace_version', '1.0', 'decision', CASE WHEN n % 3 = 0 THEN 'deny' ELSE 'allow' END,
                          'actor', jsonb_build_object('$snapshot', '00000000000000000000000000scale0'))
FROM generate_series(1, (5000000 * :factor)::int) AS n,
     LATERAL (SELECT now() - (n % (60 * 86400)) * interval '1 second' AS t, 1 + n % (100000 * :factor)::int AS u) AS v;
ANALYZE;
