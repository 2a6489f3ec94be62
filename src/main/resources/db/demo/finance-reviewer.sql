-- The Finance Reviewer demo (shared/spec/finance-reviewer-demo.md). Data, not schema: loaded by
-- `plystractl demo seed` and by start-dev, never by a migration. Idempotent: existing rows are kept.
-- :password_hash is replaced by an Argon2id hash of `plystra-demo` before this runs.

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

-- The first version of the demo role: its state and permission set as loaded (docs/roles.md).
INSERT INTO role_versions (role_id, version, name, description, status, permission_ids, reason, created_at)
SELECT r.id, r.version, r.name, r.description, r.status,
       ARRAY(SELECT rp.permission_id FROM role_permissions rp WHERE rp.role_id = r.id AND rp.status = 'active' ORDER BY rp.permission_id),
       'created', r.created_at
FROM roles r WHERE r.id = 'role_finance_approver'
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

-- The V1 Foundations, one example of each (docs/bindings.md walks through them):
-- a service principal whose binding holds only for invoices under 10,000 and in working hours (UTC),
-- a team whose membership expires, and a `customers` table type with column groups.
INSERT INTO members (id, space_id, display_name, member_type, status) VALUES
    ('member_invoice_bot', 'space_acme', 'Invoice Bot', 'service', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO services (id, space_id, member_id, name, description, status) VALUES
    ('svc_invoice_bot', 'space_acme', 'member_invoice_bot', 'Invoice Bot', 'Approves small finance invoices in working hours', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO teams (id, space_id, key, name, description, status) VALUES
    ('team_month_end_close', 'space_acme', 'month_end_close', 'Month-end close', 'Reads every finance invoice while the books close', 'active')
ON CONFLICT DO NOTHING;

-- Alice's and Bob's member belongs to the team for 30 days from the first seed.
INSERT INTO team_members (id, space_id, team_id, member_id, starts_at, ends_at) VALUES
    ('tm_month_end_close_finance_reviewer', 'space_acme', 'team_month_end_close', 'member_finance_reviewer', NULL, now() + interval '30 days')
ON CONFLICT DO NOTHING;

INSERT INTO resource_types (id, key, display_name, description, status, storage_kind) VALUES
    ('rt_customers', 'customers', 'Customers', 'The customers table of the data warehouse (rows live there, not here)', 'active', 'external')
ON CONFLICT DO NOTHING;

INSERT INTO resource_actions (id, resource_type_id, key, display_name, risk_level, audit_default, status) VALUES
    ('ra_customers_select', 'rt_customers', 'select', 'Select', 'low', true, 'active')
ON CONFLICT DO NOTHING;

INSERT INTO resource_type_columns (resource_type_id, name, position, description) VALUES
    ('rt_customers', 'customer_id', 0, 'Key'),
    ('rt_customers', 'name', 1, 'Full name'),
    ('rt_customers', 'email', 2, 'E-mail address'),
    ('rt_customers', 'phone', 3, 'Phone number'),
    ('rt_customers', 'country', 4, 'Country code'),
    ('rt_customers', 'credit_limit', 5, 'Credit limit'),
    ('rt_customers', 'balance', 6, 'Open balance'),
    ('rt_customers', 'iban', 7, 'Bank account')
ON CONFLICT DO NOTHING;

INSERT INTO column_groups (id, resource_type_id, key, description, columns) VALUES
    ('cg_customers_pii_basic', 'rt_customers', 'pii_basic', 'Who the customer is and how to reach them', ARRAY['name', 'email', 'phone']),
    ('cg_customers_finance', 'rt_customers', 'finance', 'What the customer owes and may owe', ARRAY['customer_id', 'credit_limit', 'balance', 'iban'])
ON CONFLICT DO NOTHING;

INSERT INTO permissions (id, resource, action, scope, status) VALUES
    ('perm_customers_select_space', 'customers', 'select', 'space', 'active')
ON CONFLICT DO NOTHING;

INSERT INTO member_roles (id, space_id, subject_kind, member_id, team_id, permission_id, scope_anchor_group_id, conditions, status) VALUES
    ('bnd_invoice_bot_approve_small', 'space_acme', 'service', 'member_invoice_bot', NULL, 'perm_invoice_approve_group_tree', 'group_finance',
     '{"required_attributes": [{"attribute": "resource.amount", "op": "lt", "value": 10000}, {"attribute": "context.hour", "op": "gte", "value": 9}, {"attribute": "context.hour", "op": "lt", "value": 17}, {"attribute": "context.weekday", "op": "in", "value": ["mon", "tue", "wed", "thu", "fri"]}]}',
     'active'),
    ('bnd_month_end_close_invoice_read', 'space_acme', 'team', NULL, 'team_month_end_close', 'perm_invoice_read_group_tree', 'group_finance', NULL, 'active'),
    ('bnd_finance_reviewer_customers_finance', 'space_acme', 'member', 'member_finance_reviewer', NULL, 'perm_customers_select_space', NULL,
     '{"column_groups": ["finance"]}', 'active')
ON CONFLICT DO NOTHING;

-- Each binding's first version (GET /spaces/space_acme/bindings/{id}/history).
INSERT INTO binding_history (binding_id, version, space_id, verb, state, changed_by, changed_at)
SELECT id, 1, space_id, 'created',
       jsonb_build_object('subject_kind', subject_kind, 'member_id', member_id, 'team_id', team_id, 'role_id', role_id,
                          'permission_id', permission_id, 'scope_anchor_group_id', scope_anchor_group_id, 'status', status,
                          'expires_at', expires_at, 'conditions', conditions),
       NULL, created_at
FROM member_roles WHERE id IN ('bnd_invoice_bot_approve_small', 'bnd_month_end_close_invoice_read', 'bnd_finance_reviewer_customers_finance')
ON CONFLICT DO NOTHING;

-- The amounts the bot's binding reads (resource.amount).
INSERT INTO attributes (id, space_id, subject_kind, subject_id, key, value, value_type) VALUES
    ('attr_invoice_001_amount', 'space_acme', 'resource', 'invoice:invoice_001', 'amount', '1200', 'number'),
    ('attr_invoice_002_amount', 'space_acme', 'resource', 'invoice:invoice_002', 'amount', '800', 'number')
ON CONFLICT DO NOTHING;

INSERT INTO attribute_history (id, space_id, subject_kind, subject_id, key, operation, new_value, new_value_type) VALUES
    ('ath_invoice_001_amount', 'space_acme', 'resource', 'invoice:invoice_001', 'amount', 'set', '1200', 'number'),
    ('ath_invoice_002_amount', 'space_acme', 'resource', 'invoice:invoice_002', 'amount', 'set', '800', 'number')
ON CONFLICT DO NOTHING;
