-- Audit lists are newest first by (created_at, id) (audit/AuditLogRepository). V005 left the id out of
-- the filter indexes and counted on an incremental sort for ties; the list is a prepared statement,
-- and once PostgreSQL switches it to its generic plan it sorts every matching row instead: on a log
-- of 10^7 rows, the first page for an actor with 441,878 rows took 11.2 s (docs/benchmarks.md,
-- "Flat as the audit grows"). With the id in each index, each partition's index gives the order and a
-- page reads one page of entries (the repository asks for a plan made for the filter's values: a
-- generic plan guesses a handful of rows and sorts them all).
DROP INDEX audit_logs_space_idx;
CREATE INDEX audit_logs_space_idx ON audit_logs (space_id, created_at DESC, id DESC);
DROP INDEX audit_logs_actor_user_idx;
CREATE INDEX audit_logs_actor_user_idx ON audit_logs (actor_user_id, created_at DESC, id DESC);
DROP INDEX audit_logs_actor_member_idx;
CREATE INDEX audit_logs_actor_member_idx ON audit_logs (actor_member_id, created_at DESC, id DESC);
DROP INDEX audit_logs_resource_idx;
CREATE INDEX audit_logs_resource_idx ON audit_logs (resource_type, resource_id, created_at DESC, id DESC);

-- Denials, newest first: rare among decisions, so a list of them would otherwise read the log from
-- its newest row until a page is found. Only deny rows enter this index.
CREATE INDEX audit_logs_denied_idx ON audit_logs (created_at DESC, id DESC) WHERE decision = 'deny';
