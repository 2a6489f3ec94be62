-- Every committed change of a row a decision or a session depends on is announced on the channel
-- plystra_changes as '<table>:<id>' ('member_roles:<id>:<member_id>'), delivered at commit; every
-- instance LISTENs and evicts what changed from its snapshot caches. Triggers, not application
-- code, so that no write path (admin API, CLI, plain SQL) can forget it.

CREATE FUNCTION plystra_notify_change() RETURNS trigger
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
        payload := payload || ':' || changed.member_id;
    END IF;
    PERFORM pg_notify('plystra_changes', payload);
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'spaces', 'groups', 'members', 'user_members', 'roles', 'permissions',
                             'member_roles', 'role_permissions', 'resources', 'resource_types', 'resource_actions',
                             'sessions', 'admin_grants', 'api_keys']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION plystra_notify_change()', t || '_notify_change', t);
    END LOOP;
END;
$$;
