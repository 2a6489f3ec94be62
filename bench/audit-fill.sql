-- Grows the audit log by :rows decision rows inside the current month (bench/latency.sh BENCH_FILL=N): the shape a
-- busy month leaves behind. Each row copies the trace of a real decision row (so snapshots and sizes are real) and
-- varies what the indexes see: 100,000 actors, 1,000,000 resources, random request ids (as gateways send them),
-- created_at 15 ms apart ending a minute ago, four chains of their own ('fill-0'..'fill-3', seq and hashes
-- made up: `plystractl audit verify` reports them broken; never run this on a log you keep).
-- Written in batches of 1,000,000 rows, one transaction each.
\set ON_ERROR_STOP on
SELECT count(*) AS before FROM audit_logs \gset
CREATE TEMP TABLE fill_template AS
    SELECT space_id, action, resource_type, decision, deny_code, ip_address, user_agent, trace
    FROM audit_logs WHERE decision = 'allow' AND chain_id <> 'mutations' ORDER BY created_at DESC LIMIT 1;
SELECT coalesce(max(chain_seq), 0) AS seq0 FROM audit_logs WHERE chain_id LIKE 'fill-%' \gset
SELECT (:rows + 999999) / 1000000 AS batches \gset
SELECT format($$
INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id, action,
                        resource_type, resource_id, decision, deny_code, request_id, ip_address, user_agent, trace,
                        chain_id, chain_seq, prev_hash, row_hash)
SELECT 'aud_' || lpad(to_hex((extract(epoch FROM ts) * 1000)::bigint), 12, '0') || substr(md5(g::text), 1, 16),
       ts, t.space_id, 'user_fill_' || (g %% 100000), 'member_fill_' || (g %% 100000), 'um_fill_' || (g %% 100000),
       t.action, t.resource_type, 'invoice_fill_' || (g %% 1000000), t.decision, t.deny_code,
       md5(random()::text), t.ip_address, t.user_agent, t.trace,
       'fill-' || (g %% 4), %s + g / 4 + 1, encode(sha256(int8send(g - 1)), 'hex'), encode(sha256(int8send(g)), 'hex')
FROM generate_series(%s, %s) AS g
CROSS JOIN LATERAL (SELECT now() - interval '1 minute' - (%s - g) * interval '15 ms' AS ts) AS x
CROSS JOIN fill_template AS t$$, :seq0, b * 1000000 + 1, least((b + 1) * 1000000, :rows), :rows)
FROM generate_series(0, :batches - 1) AS b \gexec
SELECT count(*) - :before AS added FROM audit_logs;
