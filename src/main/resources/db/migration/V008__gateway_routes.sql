-- Gateway routes: which request a gateway forwards (method, host, path) is which decision
-- (resource type, resource id, action), per space. A table applied as a whole through
-- PUT /spaces/{id}/gateway/routes; a route left out of the applied table is disabled, never deleted.
CREATE TABLE gateway_routes (
    id            text        PRIMARY KEY,
    space_id      text        NOT NULL REFERENCES spaces (id),
    name          text        NOT NULL,
    host          text,
    methods       text[]      NOT NULL,
    path          text        NOT NULL,
    resource_type text,
    resource_id   text,
    action        text,
    is_public     boolean     NOT NULL DEFAULT false,
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT gateway_routes_name_key UNIQUE (space_id, name)
);

CREATE TRIGGER gateway_routes_notify_change AFTER INSERT OR UPDATE OR DELETE ON gateway_routes
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
