-- Cheaper audit rows: every decision inserts one row into each audit index, so the indexes are
-- the largest part of its cost. The primary key becomes (created_at, id), which also serves the
-- newest-first listing, so the separate (created_at, id) index goes; the filter indexes keep
-- (column, created_at) without the 32-byte id (ties on the microsecond are ordered by an
-- incremental sort). A lookup by id names its time range: the id carries its millisecond.
ALTER TABLE audit_logs DROP CONSTRAINT audit_logs_pkey;
ALTER TABLE audit_logs ADD CONSTRAINT audit_logs_pkey PRIMARY KEY (created_at, id);
DROP INDEX audit_logs_created_idx;

DROP INDEX audit_logs_space_idx;
CREATE INDEX audit_logs_space_idx ON audit_logs (space_id, created_at DESC);
DROP INDEX audit_logs_actor_user_idx;
CREATE INDEX audit_logs_actor_user_idx ON audit_logs (actor_user_id, created_at DESC);
DROP INDEX audit_logs_actor_member_idx;
CREATE INDEX audit_logs_actor_member_idx ON audit_logs (actor_member_id, created_at DESC);
DROP INDEX audit_logs_resource_idx;
CREATE INDEX audit_logs_resource_idx ON audit_logs (resource_type, resource_id, created_at DESC);
