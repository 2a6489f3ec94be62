-- Tamper-evident audit (see audit/AuditChain.java and docs/reliability.md). Each audit row links
-- to the row before it in its chain: chain_seq counts from 1, prev_hash is the previous row's
-- row_hash (or the chain's genesis hash), row_hash is SHA-256 over prev_hash and the row's
-- canonical form. Rows written before this migration have no chain (reported as such by
-- `plystractl audit verify`).
ALTER TABLE audit_logs
    ADD COLUMN chain_id  text,
    ADD COLUMN chain_seq bigint,
    ADD COLUMN prev_hash text,
    ADD COLUMN row_hash  text;

-- Admin mutations share one chain whose head every mutation locks in its own transaction: a
-- mutation that rolls back leaves no gap. Decision writers keep their chains' heads in memory.
CREATE TABLE audit_chain_heads (
    chain_id  text   PRIMARY KEY,
    chain_seq bigint NOT NULL,
    row_hash  text
);
INSERT INTO audit_chain_heads (chain_id, chain_seq, row_hash) VALUES ('mutations', 0, NULL);

-- Signed checkpoints: HMAC-SHA256 under AUDIT_CHECKPOINT_KEY (never stored here) over
-- (chain_id, chain_seq, row_hash). A rewritten chain no longer matches its checkpoints.
CREATE TABLE audit_checkpoints (
    chain_id   text        NOT NULL,
    chain_seq  bigint      NOT NULL,
    row_hash   text        NOT NULL,
    key_id     text        NOT NULL,
    mac        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, chain_seq)
);

CREATE FUNCTION plystra_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION plystra_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION plystra_append_only();
CREATE TRIGGER audit_snapshots_no_update_delete BEFORE UPDATE OR DELETE ON audit_snapshots
    FOR EACH ROW EXECUTE FUNCTION plystra_append_only();
CREATE TRIGGER audit_snapshots_no_truncate BEFORE TRUNCATE ON audit_snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION plystra_append_only();
