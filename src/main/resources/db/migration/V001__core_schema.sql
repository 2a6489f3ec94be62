-- Plystra Core v1.0 schema. Never edit this file once merged: add V00N__... instead.
-- Same-space rules are backed by composite foreign keys on (space_id, id).

CREATE TABLE users (
    id            text        PRIMARY KEY,
    email         text        NOT NULL,
    username      text,
    phone         text,
    password_hash text,
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (lower(username)) WHERE username IS NOT NULL;

CREATE TABLE spaces (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    slug       text,
    type       text        NOT NULL DEFAULT 'organization',
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX spaces_slug_key ON spaces (slug) WHERE slug IS NOT NULL;

CREATE TABLE groups (
    id         text        PRIMARY KEY,
    space_id   text        NOT NULL REFERENCES spaces (id),
    parent_id  text,
    path       text        NOT NULL CHECK (path ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$'),
    name       text,
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT groups_space_path_key UNIQUE (space_id, path),
    CONSTRAINT groups_space_id_key UNIQUE (space_id, id),
    CONSTRAINT groups_parent_same_space FOREIGN KEY (space_id, parent_id) REFERENCES groups (space_id, id)
);
CREATE INDEX groups_parent_idx ON groups (parent_id);

CREATE TABLE members (
    id           text        PRIMARY KEY,
    space_id     text        NOT NULL REFERENCES spaces (id),
    display_name text        NOT NULL,
    member_type  text        NOT NULL DEFAULT 'person',
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT members_space_id_key UNIQUE (space_id, id)
);

CREATE TABLE user_members (
    id             text        PRIMARY KEY,
    space_id       text        NOT NULL REFERENCES spaces (id),
    user_id        text        NOT NULL REFERENCES users (id),
    member_id      text        NOT NULL,
    relation_type  text        NOT NULL,
    is_primary     boolean     NOT NULL DEFAULT false,
    status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    expires_at     timestamptz,
    revoked_at     timestamptz,
    revoked_reason text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT user_members_member_same_space FOREIGN KEY (space_id, member_id) REFERENCES members (space_id, id)
);
CREATE INDEX user_members_user_idx ON user_members (user_id);
CREATE INDEX user_members_member_idx ON user_members (member_id);

CREATE TABLE roles (
    id          text        PRIMARY KEY,
    space_id    text        NOT NULL REFERENCES spaces (id),
    key         text        NOT NULL,
    name        text        NOT NULL,
    description text,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT roles_space_key_key UNIQUE (space_id, key),
    CONSTRAINT roles_space_id_key UNIQUE (space_id, id)
);

CREATE TABLE permissions (
    id          text        PRIMARY KEY,
    resource    text        NOT NULL,
    action      text        NOT NULL,
    scope       text        NOT NULL CHECK (scope IN ('self', 'group', 'group_tree', 'space', 'global')),
    description text,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT permissions_triple_key UNIQUE (resource, action, scope)
);

CREATE TABLE member_roles (
    id                    text        PRIMARY KEY,
    space_id              text        NOT NULL REFERENCES spaces (id),
    member_id             text        NOT NULL,
    role_id               text        NOT NULL,
    scope_anchor_group_id text,
    status                text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    expires_at            timestamptz,
    revoked_at            timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT member_roles_member_same_space FOREIGN KEY (space_id, member_id) REFERENCES members (space_id, id),
    CONSTRAINT member_roles_role_same_space FOREIGN KEY (space_id, role_id) REFERENCES roles (space_id, id),
    CONSTRAINT member_roles_anchor_same_space FOREIGN KEY (space_id, scope_anchor_group_id) REFERENCES groups (space_id, id)
);
CREATE INDEX member_roles_member_idx ON member_roles (member_id);
CREATE INDEX member_roles_role_idx ON member_roles (role_id);

CREATE TABLE role_permissions (
    id            text        PRIMARY KEY,
    role_id       text        NOT NULL REFERENCES roles (id),
    permission_id text        NOT NULL REFERENCES permissions (id),
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX role_permissions_active_key ON role_permissions (role_id, permission_id) WHERE status = 'active';
CREATE INDEX role_permissions_permission_idx ON role_permissions (permission_id);

CREATE TABLE resource_types (
    id           text        PRIMARY KEY,
    key          text        NOT NULL CONSTRAINT resource_types_key_key UNIQUE,
    display_name text        NOT NULL,
    description  text,
    status       text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE resource_actions (
    id               text        PRIMARY KEY,
    resource_type_id text        NOT NULL REFERENCES resource_types (id),
    key              text        NOT NULL,
    display_name     text        NOT NULL,
    risk_level       text        NOT NULL DEFAULT 'normal' CHECK (risk_level IN ('low', 'normal', 'high', 'critical')),
    audit_default    boolean     NOT NULL DEFAULT true,
    status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resource_actions_type_key_key UNIQUE (resource_type_id, key)
);

CREATE TABLE resource_mappings (
    resource_type_id   text        PRIMARY KEY REFERENCES resource_types (id),
    storage_kind       text        NOT NULL DEFAULT 'internal_table',
    id_field           text        NOT NULL DEFAULT 'id',
    space_field        text        NOT NULL DEFAULT 'space_id',
    group_field        text        NOT NULL DEFAULT 'group_id',
    owner_field        text        NOT NULL DEFAULT 'owner_member_id',
    display_name_field text        NOT NULL DEFAULT 'display_name',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE resources (
    id              text        PRIMARY KEY,
    space_id        text        NOT NULL REFERENCES spaces (id),
    resource_type   text        NOT NULL REFERENCES resource_types (key),
    group_id        text,
    owner_member_id text,
    display_name    text,
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT resources_type_id_key UNIQUE (resource_type, id),
    CONSTRAINT resources_group_same_space FOREIGN KEY (space_id, group_id) REFERENCES groups (space_id, id),
    CONSTRAINT resources_owner_same_space FOREIGN KEY (space_id, owner_member_id) REFERENCES members (space_id, id)
);
CREATE INDEX resources_space_idx ON resources (space_id, id);
CREATE INDEX resources_group_idx ON resources (group_id);

-- Sessions: only HMAC-SHA256(PLYSTRA_SESSION_SECRET, token) is stored, never the token.
CREATE TABLE sessions (
    id                    text        PRIMARY KEY,
    user_id               text        NOT NULL REFERENCES users (id),
    active_user_member_id text        REFERENCES user_members (id),
    access_token_hash     text        NOT NULL CONSTRAINT sessions_access_token_hash_key UNIQUE,
    refresh_token_hash    text        NOT NULL CONSTRAINT sessions_refresh_token_hash_key UNIQUE,
    access_expires_at     timestamptz NOT NULL,
    refresh_expires_at    timestamptz NOT NULL,
    ip_address            text,
    user_agent            text,
    revoked_at            timestamptz,
    revoked_reason        text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE admin_grants (
    id                 text        PRIMARY KEY,
    user_id            text        NOT NULL REFERENCES users (id),
    level              text        NOT NULL CHECK (level IN ('instance_super_admin', 'instance_admin', 'space_admin', 'group_admin')),
    space_id           text        REFERENCES spaces (id),
    group_id           text,
    permission_key     text        NOT NULL DEFAULT '*',
    status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    created_by_user_id text        REFERENCES users (id),
    revoked_at         timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT admin_grants_group_same_space FOREIGN KEY (space_id, group_id) REFERENCES groups (space_id, id),
    CONSTRAINT admin_grants_level_scope CHECK (
        (level IN ('instance_super_admin', 'instance_admin') AND space_id IS NULL AND group_id IS NULL)
        OR (level = 'space_admin' AND space_id IS NOT NULL AND group_id IS NULL)
        OR (level = 'group_admin' AND space_id IS NOT NULL AND group_id IS NOT NULL))
);
CREATE INDEX admin_grants_user_idx ON admin_grants (user_id) WHERE status = 'active';

CREATE TABLE api_keys (
    id                 text        PRIMARY KEY,
    name               text        NOT NULL,
    key_hash           text        NOT NULL CONSTRAINT api_keys_key_hash_key UNIQUE,
    key_prefix         text        NOT NULL,
    permission_keys    text[]      NOT NULL,
    space_id           text        REFERENCES spaces (id),
    status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    expires_at         timestamptz,
    last_used_at       timestamptz,
    created_by_user_id text        REFERENCES users (id),
    revoked_at         timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Audit: append-only, range-partitioned by month. Retention drops whole partitions.
-- Ids are time-ordered (aud_<millis hex><random>), so created_at is recoverable from the id.
CREATE TABLE audit_logs (
    id                   text        NOT NULL,
    created_at           timestamptz NOT NULL,
    space_id             text,
    actor_user_id        text,
    actor_member_id      text,
    actor_user_member_id text,
    action               text        NOT NULL,
    resource_type        text,
    resource_id          text,
    decision             text        NOT NULL CHECK (decision IN ('allow', 'deny')),
    deny_code            text,
    request_id           text,
    ip_address           text,
    user_agent           text,
    trace                jsonb,
    CONSTRAINT audit_logs_pkey PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;

CREATE INDEX audit_logs_created_idx ON audit_logs (created_at DESC, id DESC);
CREATE INDEX audit_logs_space_idx ON audit_logs (space_id, created_at DESC, id DESC);
CREATE INDEX audit_logs_actor_user_idx ON audit_logs (actor_user_id, created_at DESC, id DESC);
CREATE INDEX audit_logs_actor_member_idx ON audit_logs (actor_member_id, created_at DESC, id DESC);
CREATE INDEX audit_logs_resource_idx ON audit_logs (resource_type, resource_id, created_at DESC, id DESC);
CREATE INDEX audit_logs_request_idx ON audit_logs (request_id);

-- Creates the monthly partition holding `month` (any instant inside it) unless it exists.
CREATE FUNCTION plystra_ensure_audit_partition(month timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    lower_bound timestamptz := date_trunc('month', month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    upper_bound timestamptz := lower_bound + interval '1 month';
    name        text        := 'audit_logs_' || to_char(lower_bound AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(name) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_logs FOR VALUES FROM (%L) TO (%L)',
                       name, lower_bound, upper_bound);
    END IF;
    RETURN name;
END;
$$;

SELECT plystra_ensure_audit_partition(now() + make_interval(months => m)) FROM generate_series(0, 2) AS m;

CREATE FUNCTION plystra_audit_logs_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_logs_no_update_delete BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION plystra_audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION plystra_audit_logs_append_only();
