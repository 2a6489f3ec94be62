-- Replay (docs/time-travel.md): a principal's state as of an instant is read from its change events. These indexes
-- find one principal's events among millions: its bindings' versions (a member's own, and those of its teams), and
-- the audit rows of its team memberships (team memberships keep no history table; their audit row carries the
-- membership as it is after each change).
CREATE INDEX binding_history_member_idx ON binding_history ((state ->> 'member_id'), changed_at);
CREATE INDEX binding_history_team_idx ON binding_history ((state ->> 'team_id'), changed_at);
CREATE INDEX audit_logs_team_member_idx ON audit_logs (((trace -> 'after') ->> 'member_id'), created_at)
    WHERE resource_type = 'team_member';
