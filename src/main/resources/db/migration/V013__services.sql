-- Service principals: a service is a member of member_type 'service' (created with it, in the same
-- transaction, and never bound to a user) that authenticates with its own keys. A service acts in
-- decisions through its member, so it holds member-roles like any member. Rows are never deleted:
-- services are disabled and restored, keys revoked.
CREATE TABLE services (
    id          text        PRIMARY KEY,
    space_id    text        NOT NULL REFERENCES spaces (id),
    member_id   text        NOT NULL CONSTRAINT services_member_id_key UNIQUE,
    name        text        NOT NULL,
    description text,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT services_space_name_key UNIQUE (space_id, name),
    CONSTRAINT services_member_same_space FOREIGN KEY (space_id, member_id) REFERENCES members (space_id, id)
);
CREATE INDEX services_space_idx ON services (space_id, created_at, id);

-- A service's keys: only the HMAC of the key is stored (as for api_keys); last_used_at is written in
-- batches, never per request.
CREATE TABLE service_keys (
    id                 text        PRIMARY KEY,
    service_id         text        NOT NULL REFERENCES services (id),
    space_id           text        NOT NULL REFERENCES spaces (id),
    name               text        NOT NULL,
    key_hash           text        NOT NULL CONSTRAINT service_keys_key_hash_key UNIQUE,
    key_prefix         text        NOT NULL,
    status             text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    expires_at         timestamptz,
    last_used_at       timestamptz,
    created_by_user_id text        REFERENCES users (id),
    revoked_at         timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_keys_service_idx ON service_keys (service_id, created_at, id);

-- Change notifications ('services:<id>', 'service_keys:<id>'), as V003 announces the other tables:
-- the decision snapshots of a service actor and the callers of its keys are evicted on every instance.
CREATE TRIGGER services_notify_change AFTER INSERT OR UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
CREATE TRIGGER service_keys_notify_change AFTER INSERT OR UPDATE OR DELETE ON service_keys
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
