-- Attributes (ABAC) and the column catalogue of resource types (docs/attributes.md, docs/api.md).

-- A resource type whose objects Plystra does not store ('external'): attributes may be set on, and
-- checks may name, a resource id of that type that has no row in resources.
ALTER TABLE resource_types ADD COLUMN storage_kind text NOT NULL DEFAULT 'stored'
    CHECK (storage_kind IN ('stored', 'external'));

-- One typed value per (subject, key). The subject is a member, a resource ('<type>:<id>', unique
-- within its space), the space itself (subject_id = space_id) or an organization (no space).
-- An expired row stays until it is set again or deleted, but no read returns it.
CREATE TABLE attributes (
    id           text        PRIMARY KEY,
    space_id     text        REFERENCES spaces (id),
    subject_kind text        NOT NULL CHECK (subject_kind IN ('member', 'resource', 'space', 'organization')),
    subject_id   text        NOT NULL,
    key          text        NOT NULL,
    value        jsonb       NOT NULL,
    value_type   text        NOT NULL CHECK (value_type IN ('string', 'number', 'boolean', 'string_list', 'timestamp')),
    expires_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attributes_space_of_kind CHECK ((subject_kind = 'organization') = (space_id IS NULL)),
    CONSTRAINT attributes_space_subject CHECK (subject_kind <> 'space' OR subject_id = space_id),
    CONSTRAINT attributes_subject_key_key UNIQUE (space_id, subject_kind, subject_id, key)
);
-- An organization's attributes have no space: the constraint above does not see NULLs as equal.
CREATE UNIQUE INDEX attributes_organization_key ON attributes (subject_kind, subject_id, key) WHERE space_id IS NULL;
-- Search (key = value → subjects), in page order.
CREATE INDEX attributes_search_idx ON attributes (space_id, key, created_at, id);

-- Every set and delete, with the value before and after, who and when. Never updated or deleted.
CREATE TABLE attribute_history (
    id             text        PRIMARY KEY,
    space_id       text        REFERENCES spaces (id),
    subject_kind   text        NOT NULL,
    subject_id     text        NOT NULL,
    key            text        NOT NULL,
    operation      text        NOT NULL CHECK (operation IN ('set', 'delete')),
    old_value      jsonb,
    old_value_type text,
    old_expires_at timestamptz,
    new_value      jsonb,
    new_value_type text,
    new_expires_at timestamptz,
    actor_user_id  text,
    api_key_id     text,
    request_id     text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attribute_history_subject_idx ON attribute_history (space_id, subject_kind, subject_id, key, created_at, id);
CREATE TRIGGER attribute_history_no_update_delete BEFORE UPDATE OR DELETE ON attribute_history
    FOR EACH ROW EXECUTE FUNCTION plystra_append_only();
CREATE TRIGGER attribute_history_no_truncate BEFORE TRUNCATE ON attribute_history
    FOR EACH STATEMENT EXECUTE FUNCTION plystra_append_only();

-- Announced as 'attributes:<subject_kind>:<space_id or empty>:<subject_id>', the key of the cached
-- attributes of one subject (io.plystra.attribute.AttributeSnapshots).
CREATE FUNCTION plystra_notify_attribute_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    PERFORM pg_notify('plystra_changes', 'attributes:' || changed.subject_kind || ':' || coalesce(changed.space_id, '')
                                         || ':' || changed.subject_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER attributes_notify_change AFTER INSERT OR UPDATE OR DELETE ON attributes
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_attribute_change();

-- The columns of a resource type, in order (position 1..n): the universe of its column sets.
CREATE TABLE resource_type_columns (
    resource_type_id text    NOT NULL REFERENCES resource_types (id),
    name             text    NOT NULL,
    position         integer NOT NULL,
    description      text,
    CONSTRAINT resource_type_columns_pkey PRIMARY KEY (resource_type_id, name),
    CONSTRAINT resource_type_columns_position_key UNIQUE (resource_type_id, position)
);

-- Named sets of a type's columns (pii_basic → {email, phone}); every name is a column of the catalogue.
CREATE TABLE column_groups (
    id               text        PRIMARY KEY,
    resource_type_id text        NOT NULL REFERENCES resource_types (id),
    key              text        NOT NULL,
    description      text,
    columns          text[]      NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT column_groups_type_key_key UNIQUE (resource_type_id, key)
);

-- Announced as '<table>:<resource_type_id>' (a catalogue replaced row by row repeats one payload,
-- which PostgreSQL delivers once per transaction).
CREATE FUNCTION plystra_notify_type_columns_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    PERFORM pg_notify('plystra_changes', TG_TABLE_NAME || ':' || changed.resource_type_id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER resource_type_columns_notify_change AFTER INSERT OR UPDATE OR DELETE ON resource_type_columns
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_type_columns_change();
CREATE TRIGGER column_groups_notify_change AFTER INSERT OR UPDATE OR DELETE ON column_groups
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_type_columns_change();
