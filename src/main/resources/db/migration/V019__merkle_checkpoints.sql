-- V019: Merkle checkpoints (docs/audit-integrity.md). A checkpoint also signs the RFC 6962 Merkle
-- root over the row hashes of its chain from first_seq to chain_seq, the rows since the chain's
-- previous checkpoint, so one row can be proven to be under it (GET /api/v1/audit/proofs/{id},
-- `plystractl audit prove`). Checkpoints written before this migration have neither column and
-- keep their signature over (chain_id, chain_seq, row_hash).
ALTER TABLE audit_checkpoints
    ADD COLUMN first_seq   bigint,
    ADD COLUMN merkle_root text,
    ADD CONSTRAINT audit_checkpoints_merkle_check
        CHECK ((first_seq IS NULL) = (merkle_root IS NULL) AND (first_seq IS NULL OR first_seq BETWEEN 1 AND chain_seq));

-- The rows of a chain between two places: read by the checkpoint writer and by a proof.
CREATE INDEX audit_logs_chain_idx ON audit_logs (chain_id, chain_seq);
