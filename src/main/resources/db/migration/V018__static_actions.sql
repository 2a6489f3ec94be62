-- V018: the catalogue of standard actions, and what consistency tokens are signed and counted with.

-- 1. Standard actions. A resource type that registers one of these keys as an action without a
--    risk_level (or display_name) takes the catalogue's (registry/RegistryService.upsertAction).
--    Read-only: GET /api/v1/standard-actions lists it. Seeded once; a row already present is kept.
CREATE TABLE standard_actions (
    key          text        PRIMARY KEY,
    display_name text        NOT NULL,
    risk_level   text        NOT NULL CHECK (risk_level IN ('low', 'normal', 'high', 'critical')),
    created_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO standard_actions (key, display_name, risk_level) VALUES
    ('read', 'Read', 'low'),
    ('view', 'View', 'low'),
    ('list', 'List', 'low'),
    ('select', 'Select rows', 'low'),
    ('monitor', 'Monitor', 'low'),
    ('inspect', 'Inspect', 'low'),
    ('create', 'Create', 'normal'),
    ('update', 'Update', 'normal'),
    ('edit', 'Edit', 'normal'),
    ('insert', 'Insert rows', 'normal'),
    ('update_rows', 'Update rows', 'normal'),
    ('submit', 'Submit', 'normal'),
    ('cancel', 'Cancel', 'normal'),
    ('approve', 'Approve', 'normal'),
    ('reject', 'Reject', 'normal'),
    ('execute', 'Execute', 'normal'),
    ('invoke', 'Invoke', 'normal'),
    ('call', 'Call', 'normal'),
    ('download', 'Download', 'normal'),
    ('upload', 'Upload', 'normal'),
    ('archive', 'Archive', 'normal'),
    ('publish', 'Publish', 'normal'),
    ('delete', 'Delete', 'high'),
    ('delete_rows', 'Delete rows', 'high'),
    ('manage', 'Manage', 'high'),
    ('admin', 'Administer', 'high'),
    ('assign', 'Assign', 'high'),
    ('unassign', 'Unassign', 'high'),
    ('grant', 'Grant', 'high'),
    ('revoke', 'Revoke', 'high'),
    ('own', 'Own', 'high'),
    ('transfer', 'Transfer', 'high'),
    ('share', 'Share', 'high'),
    ('export', 'Export', 'high'),
    ('import', 'Import', 'high'),
    ('backup', 'Back up', 'high'),
    ('restore', 'Restore', 'high'),
    ('audit', 'Audit', 'high'),
    ('configure', 'Configure', 'high'),
    ('deploy', 'Deploy', 'high'),
    ('truncate', 'Truncate', 'critical'),
    ('impersonate', 'Impersonate', 'critical'),
    ('bypass', 'Bypass', 'critical'),
    ('override', 'Override', 'critical')
ON CONFLICT (key) DO NOTHING;

-- 2. Consistency tokens (X-Plystra-Revision: '<revision>.<mac>'). The revision is the sequence of
--    the mutation chain (audit_chain_heads 'mutations'): every audited admin write advances it by one,
--    in commit order, since a mutation holds the chain's head until its transaction ends.
CREATE FUNCTION plystra_revision() RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT chain_seq FROM audit_chain_heads WHERE chain_id = 'mutations'
$$;

-- The mac is HMAC-SHA256 keyed by PLYSTRA_CONSISTENCY_SECRET, or, when that is unset, by this row:
-- 244 random bits drawn once, here, so that every instance on this database signs alike.
CREATE TABLE revision_token_keys (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO revision_token_keys (id, secret)
VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
ON CONFLICT (id) DO NOTHING;
