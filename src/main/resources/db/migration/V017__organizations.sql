-- Organizations (docs/organizations.md): a tree above spaces. A space belongs to at most one organization; an
-- organization_admin grant administers every space and sub-organization below its organization; organization roles
-- are defined once in an organization and bindable in any space below it; a disabled organization (or a disabled
-- ancestor) denies every decision in its spaces (ORGANIZATION_INACTIVE). No cycles and at most 16 levels: checked by
-- the API under one advisory lock, so two re-parentings at once cannot close a cycle between them.
CREATE TABLE organizations (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    parent_id  text        REFERENCES organizations (id),
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    metadata   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_not_own_parent CHECK (parent_id <> id)
);
CREATE INDEX organizations_parent_idx ON organizations (parent_id);

ALTER TABLE spaces ADD COLUMN organization_id text REFERENCES organizations (id);
CREATE INDEX spaces_organization_idx ON spaces (organization_id) WHERE organization_id IS NOT NULL;

-- V014 left roles.organization_id without its foreign key until organizations existed.
ALTER TABLE roles ADD CONSTRAINT roles_organization_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

-- An organization_admin grant names its organization and no space or group.
ALTER TABLE admin_grants ADD COLUMN organization_id text REFERENCES organizations (id);
CREATE INDEX admin_grants_organization_idx ON admin_grants (organization_id) WHERE organization_id IS NOT NULL;
ALTER TABLE admin_grants DROP CONSTRAINT admin_grants_level_check;
ALTER TABLE admin_grants ADD CONSTRAINT admin_grants_level_check
    CHECK (level IN ('instance_super_admin', 'instance_admin', 'organization_admin', 'space_admin', 'group_admin'));
ALTER TABLE admin_grants DROP CONSTRAINT admin_grants_level_scope;
ALTER TABLE admin_grants ADD CONSTRAINT admin_grants_level_scope CHECK (
    (level IN ('instance_super_admin', 'instance_admin') AND space_id IS NULL AND group_id IS NULL AND organization_id IS NULL)
    OR (level = 'organization_admin' AND organization_id IS NOT NULL AND space_id IS NULL AND group_id IS NULL)
    OR (level = 'space_admin' AND space_id IS NOT NULL AND group_id IS NULL AND organization_id IS NULL)
    OR (level = 'group_admin' AND space_id IS NOT NULL AND group_id IS NOT NULL AND organization_id IS NULL));

-- 'organizations:<id>' on every change, as V003 announces the other tables: decisions read the organization chain of
-- their space, and an organization admin's caller the spaces below its organization.
CREATE TRIGGER organizations_notify_change AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION plystra_notify_change();
