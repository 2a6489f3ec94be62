package io.plystra.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * A space of its own for pagination walks: member {@code m_<tag>} (display name Walker), bound to
 * {@code userId} as {@code um_<tag>}, holds role {@code r_<tag>} with invoice:approve space-wide over
 * 25 invoices {@code inv_00..inv_24}, {@code inv_07} archived.
 */
public final class WalkSpace {

    private WalkSpace() {
    }

    /** Creates {@code space_<tag>}; the ids of its 24 active invoices, in id order. */
    public static List<String> create(String tag, String userId) {
        String space = "space_" + tag;
        TestDatabase.update("INSERT INTO spaces (id, name) VALUES (?, ?)", space, tag);
        TestDatabase.update("INSERT INTO members (id, space_id, display_name) VALUES (?, ?, 'Walker')", "m_" + tag, space);
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES (?, ?, ?, ?, 'login')",
                "um_" + tag, space, userId, "m_" + tag);
        TestDatabase.update("INSERT INTO roles (id, space_id, key, name) VALUES (?, ?, 'reader', 'Reader')", "r_" + tag, space);
        TestDatabase.update("INSERT INTO permissions (id, resource, action, scope) VALUES ('perm_invoice_approve_space', 'invoice', 'approve', 'space') "
                + "ON CONFLICT DO NOTHING");
        String permission = (String) TestDatabase.rows("SELECT id FROM permissions WHERE resource = 'invoice' AND action = 'approve' AND scope = 'space'")
                .get(0).get("id");
        TestDatabase.update("INSERT INTO role_permissions (id, role_id, permission_id) VALUES (?, ?, ?)", "rp_" + tag, "r_" + tag, permission);
        TestDatabase.update("INSERT INTO member_roles (id, space_id, member_id, role_id) VALUES (?, ?, ?, ?)", "mr_" + tag, space, "m_" + tag, "r_" + tag);
        List<String> active = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = String.format("inv_%02d", i);
            TestDatabase.update("INSERT INTO resources (id, space_id, resource_type, display_name, status) VALUES (?, ?, 'invoice', ?, ?)",
                    id, space, id, i == 7 ? "archived" : "active");
            if (i != 7) {
                active.add(id);
            }
        }
        return active;
    }
}
