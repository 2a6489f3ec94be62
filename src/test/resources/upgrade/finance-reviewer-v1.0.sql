-- The Finance Reviewer demo as Plystra Core v1.0 stored it (schema version 011), for UpgradeTest: a v1.0
-- database with data, migrated to the current schema. :password_hash is an Argon2id hash of `plystra-demo`.

INSERT INTO spaces (id, name, slug, type, status) VALUES
    ('space_acme', 'Acme', 'acme', 'organization', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO users (id, email, username, password_hash, status) VALUES
    ('user_alice', 'alice@example.com', 'alice', :password_hash, 'active'),
    ('user_bob', 'bob@example.com', 'bob', :password_hash, 'active')
ON CONFLICT DO NOTHING;

INSERT INTO groups (id, space_id, parent_id, path, name, status) VALUES
    ('group_finance', 'space_acme', NULL, 'finance', 'Finance', 'active'),
    ('group_finance_apac', 'space_acme', 'group_finance', 'finance.apac', 'Finance APAC', 'active'),
    ('group_finance_emea', 'space_acme', 'group_finance', 'finance.emea', 'Finance EMEA', 'active'),
    ('group_legal', 'space_acme', NULL, 'legal', 'Legal', 'active'),
    ('group_legal_emea', 'space_acme', 'group_legal', 'legal.emea', 'Legal EMEA', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO members (id, space_id, display_name, member_type, status) VALUES
    ('member_finance_reviewer', 'space_acme', 'Finance Reviewer', 'role_account', 'active'),
    ('member_invoice_creator', 'space_acme', 'APAC Invoice Creator', 'role_account', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO user_members (id, space_id, user_id, member_id, relation_type, is_primary, status, expires_at, revoked_at, revoked_reason) VALUES
    ('um_alice_finance_reviewer', 'space_acme', 'user_alice', 'member_finance_reviewer', 'delegate', true, 'active', NULL, NULL, NULL),
    ('um_bob_finance_reviewer', 'space_acme', 'user_bob', 'member_finance_reviewer', 'login', true, 'active', NULL, NULL, NULL),
    ('um_alice_finance_reviewer_revoked', 'space_acme', 'user_alice', 'member_finance_reviewer', 'delegate', false, 'revoked', NULL, '2026-01-01T00:00:00Z', 'demo: revoked binding'),
    ('um_alice_finance_reviewer_expired', 'space_acme', 'user_alice', 'member_finance_reviewer', 'temporary', false, 'active', '2020-01-01T00:00:00Z', NULL, NULL)
ON CONFLICT DO NOTHING;

INSERT INTO roles (id, space_id, key, name, status) VALUES
    ('role_finance_approver', 'space_acme', 'finance_approver', 'Finance Approver', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO permissions (id, resource, action, scope, status) VALUES
    ('perm_invoice_approve_group_tree', 'invoice', 'approve', 'group_tree', 'active'),
    ('perm_invoice_read_self', 'invoice', 'read', 'self', 'active'),
    ('perm_invoice_read_group_tree', 'invoice', 'read', 'group_tree', 'active'),
    ('perm_invoice_create_group_tree', 'invoice', 'create', 'group_tree', 'active'),
    ('perm_invoice_reject_group_tree', 'invoice', 'reject', 'group_tree', 'active'),
    ('perm_invoice_delete_space', 'invoice', 'delete', 'space', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO role_permissions (id, role_id, permission_id, status) VALUES
    ('rp_finance_approver_invoice_approve', 'role_finance_approver', 'perm_invoice_approve_group_tree', 'active')
ON CONFLICT DO NOTHING;


INSERT INTO member_roles (id, space_id, member_id, role_id, scope_anchor_group_id, status) VALUES
    ('mr_finance_reviewer_approver_finance', 'space_acme', 'member_finance_reviewer', 'role_finance_approver', 'group_finance', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO resource_types (id, key, display_name, description, status) VALUES
    ('rt_invoice', 'invoice', 'Invoice', 'Supplier invoices', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO resource_actions (id, resource_type_id, key, display_name, risk_level, audit_default, status) VALUES
    ('ra_invoice_read', 'rt_invoice', 'read', 'Read', 'low', true, 'active'),
    ('ra_invoice_create', 'rt_invoice', 'create', 'Create', 'normal', true, 'active'),
    ('ra_invoice_approve', 'rt_invoice', 'approve', 'Approve', 'high', true, 'active'),
    ('ra_invoice_reject', 'rt_invoice', 'reject', 'Reject', 'high', true, 'active'),
    ('ra_invoice_delete', 'rt_invoice', 'delete', 'Delete', 'critical', true, 'active')
ON CONFLICT DO NOTHING;

INSERT INTO resources (id, space_id, resource_type, group_id, owner_member_id, display_name, metadata, status) VALUES
    ('invoice_001', 'space_acme', 'invoice', 'group_finance_apac', 'member_invoice_creator', 'Invoice 001 (APAC)', '{"amount": 1200, "currency": "USD"}', 'active'),
    ('invoice_002', 'space_acme', 'invoice', 'group_legal_emea', 'member_invoice_creator', 'Invoice 002 (Legal EMEA)', '{"amount": 800, "currency": "EUR"}', 'active')
ON CONFLICT DO NOTHING;

