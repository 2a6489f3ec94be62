-- Bindings (docs/bindings.md): member_roles is the binding table. A binding's subject is a member (a person's or a
-- service's) or a team; it grants a role or one permission directly; it may carry conditions (a window, required
-- attributes, column groups). v1.0's member-roles are the bindings of a member to a role: their rows keep their
-- meaning, and the member-roles routes answer as before.

CREATE TABLE teams (
    id          text        PRIMARY KEY,
    space_id    text        NOT NULL REFERENCES spaces (id),
    key         text        NOT NULL,
    name        text        NOT NULL,
    description text,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT teams_space_key_key UNIQUE (space_id, key),
    CONSTRAINT teams_space_id_key UNIQUE (space_id, id)
);

-- A member's membership of a team, valid from starts_at (inclusive) to ends_at (exclusive).
CREATE TABLE team_members (
    id         text        PRIMARY KEY,
    space_id   text        NOT NULL,
    team_id    text        NOT NULL,
    member_id  text        NOT NULL,
    starts_at  timestamptz,
    ends_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT team_members_team_same_space FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id),
    CONSTRAINT team_members_member_same_space FOREIGN KEY (space_id, member_id) REFERENCES members (space_id, id),
    CONSTRAINT team_members_team_member_key UNIQUE (team_id, member_id),
    CONSTRAINT team_members_window CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX team_members_member_idx ON team_members (member_id);

-- A team's inheritance from a parent team: the team's members belong to the parent while the link is valid.
CREATE TABLE team_parents (
    id             text        PRIMARY KEY,
    space_id       text        NOT NULL,
    team_id        text        NOT NULL,
    parent_team_id text        NOT NULL,
    starts_at      timestamptz,
    ends_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT team_parents_team_same_space FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id),
    CONSTRAINT team_parents_parent_same_space FOREIGN KEY (space_id, parent_team_id) REFERENCES teams (space_id, id),
    CONSTRAINT team_parents_team_parent_key UNIQUE (team_id, parent_team_id),
    CONSTRAINT team_parents_not_itself CHECK (team_id <> parent_team_id),
    CONSTRAINT team_parents_window CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX team_parents_parent_idx ON team_parents (parent_team_id);

ALTER TABLE member_roles
    ADD COLUMN subject_kind  text    NOT NULL DEFAULT 'member',
    ADD COLUMN team_id       text,
    ADD COLUMN permission_id text    REFERENCES permissions (id),
    ADD COLUMN conditions    jsonb,
    ADD COLUMN version       integer NOT NULL DEFAULT 1;
ALTER TABLE member_roles ALTER COLUMN member_id DROP NOT NULL;
ALTER TABLE member_roles ALTER COLUMN role_id DROP NOT NULL;
ALTER TABLE member_roles
    ADD CONSTRAINT member_roles_subject CHECK (
        (subject_kind IN ('member', 'service') AND member_id IS NOT NULL AND team_id IS NULL)
        OR (subject_kind = 'team' AND team_id IS NOT NULL AND member_id IS NULL)),
    ADD CONSTRAINT member_roles_one_grant CHECK ((role_id IS NULL) <> (permission_id IS NULL)),
    ADD CONSTRAINT member_roles_team_same_space FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id);
CREATE INDEX member_roles_team_idx ON member_roles (team_id) WHERE team_id IS NOT NULL;

-- Every state a binding has had, version by version: the row as it was after each change. Rollback writes a new
-- version from an old one; nothing here is ever updated or deleted.
CREATE TABLE binding_history (
    binding_id text        NOT NULL,
    version    integer     NOT NULL,
    space_id   text        NOT NULL,
    verb       text        NOT NULL,
    state      jsonb       NOT NULL,
    changed_by text,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (binding_id, version)
);
INSERT INTO binding_history (binding_id, version, space_id, verb, state, changed_by, changed_at)
SELECT id, 1, space_id, 'created',
       jsonb_build_object('subject_kind', 'member', 'member_id', member_id, 'role_id', role_id,
                          'scope_anchor_group_id', scope_anchor_group_id, 'status', status,
                          'expires_at', expires_at, 'conditions', NULL),
       NULL, created_at
FROM member_roles;

-- A team binding has no member: its notification names no member, so instances drop every cached grant.
CREATE OR REPLACE FUNCTION plystra_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
    payload text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    payload := TG_TABLE_NAME || ':' || changed.id;
    IF TG_TABLE_NAME = 'member_roles' THEN
        IF changed.member_id IS NOT NULL THEN
            payload := payload || ':' || changed.member_id;
        END IF;
    END IF;
    PERFORM pg_notify('plystra_changes', payload);
    RETURN NULL;
END;
$$;

CREATE TRIGGER teams_notify_change AFTER INSERT OR UPDATE OR DELETE ON teams
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
CREATE TRIGGER team_members_notify_change AFTER INSERT OR UPDATE OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
CREATE TRIGGER team_parents_notify_change AFTER INSERT OR UPDATE OR DELETE ON team_parents
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
