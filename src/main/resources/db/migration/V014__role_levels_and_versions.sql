-- Role levels and versions (docs/roles.md).
--
-- Level: 'space' (a role of one space, as before), 'global' (no space, managed by a super admin,
-- bindable in every space), 'organization' (one organization's role; accepted by the schema, not yet
-- by the API: organization_id gets its foreign key when organizations are wired).
ALTER TABLE roles ADD COLUMN level text NOT NULL DEFAULT 'space'
    CONSTRAINT roles_level_check CHECK (level IN ('space', 'organization', 'global'));
ALTER TABLE roles ADD COLUMN organization_id text;
ALTER TABLE roles ALTER COLUMN space_id DROP NOT NULL;
ALTER TABLE roles ADD CONSTRAINT roles_level_home CHECK (
    (level = 'space' AND space_id IS NOT NULL AND organization_id IS NULL)
    OR (level = 'organization' AND space_id IS NULL AND organization_id IS NOT NULL)
    OR (level = 'global' AND space_id IS NULL AND organization_id IS NULL));
-- roles_space_key_key keeps a key unique per space; these do the same where space_id is null.
CREATE UNIQUE INDEX roles_global_key_key ON roles (key) WHERE level = 'global';
CREATE UNIQUE INDEX roles_organization_key_key ON roles (organization_id, key) WHERE level = 'organization';

-- A member-role may bind a role of its own space or a global one: the composite foreign key to
-- roles (space_id, id) becomes a plain one, and the member-role service checks where a role is bindable.
ALTER TABLE member_roles DROP CONSTRAINT member_roles_role_same_space;
ALTER TABLE member_roles ADD CONSTRAINT member_roles_role_fkey FOREIGN KEY (role_id) REFERENCES roles (id);

-- Version: 1 at creation, bumped by every change of the role (name, description, status) or of its
-- set of active role-permissions, in the transaction of the change.
ALTER TABLE roles ADD COLUMN version integer NOT NULL DEFAULT 1 CONSTRAINT roles_version_check CHECK (version >= 1);

-- One row per version of a role, never changed: the role's state and its active permission set as of
-- that version. reason is the change that made it (created, updated, disabled, restored,
-- permission_added, permission_removed, rolled_back; recorded: the state found where no history was
-- kept yet, as for every role this migration meets). restored_version: the version a rollback restored.
CREATE TABLE role_versions (
    role_id          text        NOT NULL REFERENCES roles (id),
    version          integer     NOT NULL CHECK (version >= 1),
    name             text        NOT NULL,
    description      text,
    status           text        NOT NULL CHECK (status IN ('active', 'disabled')),
    permission_ids   text[]      NOT NULL,
    reason           text        NOT NULL,
    restored_version integer,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text,
    CONSTRAINT role_versions_pkey PRIMARY KEY (role_id, version)
);

INSERT INTO role_versions (role_id, version, name, description, status, permission_ids, reason, created_at, created_by)
SELECT r.id, r.version, r.name, r.description, r.status,
       ARRAY(SELECT rp.permission_id FROM role_permissions rp
             WHERE rp.role_id = r.id AND rp.status = 'active' ORDER BY rp.permission_id),
       'recorded', r.updated_at, NULL
FROM roles r;
