-- Content-addressed audit snapshots. Many decisions share the same actor, target, registry entry
-- and candidates; each distinct snapshot is stored once under its hash, and an audit row's trace
-- refers to it as {"$snapshot": "<hash>"}. plystra_expand_trace() gives back the full
-- decision-time trace, so readers never see the references. The hash is SHA-256 of the snapshot's
-- JSON text (first 32 hex digits): a changed body no longer matches its hash.

CREATE TABLE audit_snapshots (
    hash       text        PRIMARY KEY,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION plystra_expand_trace(trace jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN trace IS NULL OR jsonb_typeof(trace) <> 'object' THEN trace ELSE
        (SELECT coalesce(jsonb_object_agg(e.key,
                    CASE WHEN jsonb_typeof(e.value) = 'object' AND e.value ? '$snapshot'
                         THEN (SELECT s.body FROM audit_snapshots s WHERE s.hash = e.value->>'$snapshot')
                         ELSE e.value END), '{}'::jsonb)
         FROM jsonb_each(trace) AS e)
    END
$$;
