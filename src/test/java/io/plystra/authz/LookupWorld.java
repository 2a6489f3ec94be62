package io.plystra.authz;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.plystra.testsupport.TestDatabase;

/**
 * A random authorization model written straight to the test database in a fresh space (and a fresh
 * resource type, so the global permissions are its own): a group tree whose paths share prefixes
 * across segment boundaries ({@code a}, {@code a_b}, {@code ab}, {@code a.b}), resources in groups with
 * owners, members with roles of every scope, anchors, and some of everything revoked, expired,
 * archived or disabled.
 */
final class LookupWorld {

    static final String[] SEGMENTS = {"a", "a_b", "ab", "b", "a_"};
    static final String[] SCOPES = {"self", "group", "group_tree", "space", "global"};

    final String tag;
    final String space;
    final String type;
    final String action = "act";
    final List<String> groups = new ArrayList<>();
    final List<String> resources = new ArrayList<>();
    final List<String> members = new ArrayList<>();
    /** Every binding of the space: user member id to {user_id, member_id}. */
    final Map<String, String[]> bindings = new LinkedHashMap<>();

    private final Random random;
    private final Connection c;
    private final Instant now = Instant.now();

    private LookupWorld(Random random, Connection c) {
        this.random = random;
        this.c = c;
        this.tag = Long.toString(Math.abs(random.nextLong()), 36) + Long.toString(System.nanoTime() % 100000, 36);
        this.space = "space_lw_" + tag;
        this.type = "lw_" + tag;
    }

    /** A random world of about {@code size} resources. */
    static LookupWorld random(Random random, int size) {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            LookupWorld w = new LookupWorld(random, c);
            w.build(size);
            c.commit();
            return w;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void build(int size) throws SQLException {
        exec("INSERT INTO spaces (id, name) VALUES (?, ?)", space, "Lookup world " + tag);
        exec("INSERT INTO resource_types (id, key, display_name) VALUES (?, ?, ?)", "rt_" + tag, type, "World " + tag);
        exec("INSERT INTO resource_actions (id, resource_type_id, key, display_name) VALUES (?, ?, ?, ?)", "ra_" + tag, "rt_" + tag, action, "Act");
        exec("INSERT INTO resource_actions (id, resource_type_id, key, display_name) VALUES (?, ?, ?, ?)", "ra2_" + tag, "rt_" + tag, "other", "Other");
        // Groups: a random forest, paths from a few segments that are prefixes of each other.
        Map<String, String> pathOf = new LinkedHashMap<>();
        int groupCount = 6 + random.nextInt(10);
        for (int i = 0; i < groupCount; i++) {
            String parent = pathOf.isEmpty() || random.nextInt(3) == 0 ? null
                    : new ArrayList<>(pathOf.keySet()).get(random.nextInt(pathOf.size()));
            String path = null;
            for (int attempt = 0; attempt < 10 && (path == null || pathOf.containsValue(path)); attempt++) {
                String seg = SEGMENTS[random.nextInt(SEGMENTS.length)];
                path = parent == null ? seg : pathOf.get(parent) + "." + seg;
            }
            if (pathOf.containsValue(path)) {
                continue;
            }
            String id = "g_" + tag + "_" + i;
            exec("INSERT INTO groups (id, space_id, parent_id, path, name, status) VALUES (?, ?, ?, ?, ?, ?)",
                    id, space, parent, path, path, random.nextInt(8) == 0 ? "disabled" : "active");
            pathOf.put(id, path);
            groups.add(id);
        }
        // Members, each with 0 to 2 bindings of their own users.
        int memberCount = 5 + random.nextInt(6);
        for (int i = 0; i < memberCount; i++) {
            String m = "m_" + tag + "_" + i;
            exec("INSERT INTO members (id, space_id, display_name, status) VALUES (?, ?, ?, ?)", m, space, "Member " + i,
                    random.nextInt(8) == 0 ? "disabled" : "active");
            members.add(m);
            int n = random.nextInt(3);
            for (int j = 0; j < n; j++) {
                String u = "u_" + tag + "_" + i + "_" + j;
                exec("INSERT INTO users (id, email, status) VALUES (?, ?, ?)", u, u + "@lookup.example", random.nextInt(8) == 0 ? "disabled" : "active");
                String um = "um_" + tag + "_" + i + "_" + j;
                int state = random.nextInt(8);
                exec("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type, status, expires_at) VALUES (?, ?, ?, ?, 'login', ?, ?)",
                        um, space, u, m, state == 0 ? "revoked" : "active", state == 1 ? ts(-1) : state == 2 ? ts(1) : null);
                bindings.put(um, new String[] {u, m});
            }
        }
        // Permissions of the world's type: one per scope for `act` (some disabled), and one for `other`.
        List<String> permissions = new ArrayList<>();
        for (String scope : SCOPES) {
            String p = "p_" + tag + "_" + scope;
            exec("INSERT INTO permissions (id, resource, action, scope, status) VALUES (?, ?, ?, ?, ?)", p, type, action, scope,
                    random.nextInt(10) == 0 ? "disabled" : "active");
            permissions.add(p);
        }
        String otherPermission = "p_" + tag + "_other";
        exec("INSERT INTO permissions (id, resource, action, scope) VALUES (?, ?, 'other', 'space')", otherPermission, type);
        permissions.add(otherPermission);
        // Roles, each with a few permissions (a revoked link now and then).
        int roleCount = 3 + random.nextInt(4);
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < roleCount; i++) {
            String r = "r_" + tag + "_" + i;
            exec("INSERT INTO roles (id, space_id, key, name, status) VALUES (?, ?, ?, ?, ?)", r, space, "role_" + i, "Role " + i,
                    random.nextInt(8) == 0 ? "disabled" : "active");
            roles.add(r);
            List<String> mine = new ArrayList<>(permissions);
            java.util.Collections.shuffle(mine, random);
            int k = 1 + random.nextInt(3);
            for (int j = 0; j < k; j++) {
                boolean weighted = mine.get(j).endsWith("_space") && random.nextInt(3) != 0;
                String p = weighted ? mine.get(j).replace("_space", "_group_tree") : mine.get(j);
                exec("INSERT INTO role_permissions (id, role_id, permission_id, status) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        "rp_" + tag + "_" + i + "_" + j, r, p, random.nextInt(10) == 0 ? "revoked" : "active");
            }
        }
        // Member roles: 0 to 3 per member, anchored at a random group now and then.
        int mr = 0;
        for (String m : members) {
            int n = 1 + random.nextInt(3);
            for (int j = 0; j < n; j++) {
                int state = random.nextInt(10);
                String anchor = groups.isEmpty() || random.nextInt(5) == 0 ? null : groups.get(random.nextInt(groups.size()));
                exec("INSERT INTO member_roles (id, space_id, member_id, role_id, scope_anchor_group_id, status, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        "mr_" + tag + "_" + mr++, space, m, roles.get(random.nextInt(roles.size())), anchor,
                        state == 0 ? "revoked" : "active", state == 1 ? ts(-1) : state == 2 ? ts(1) : null);
            }
        }
        // Resources: in a random group or none, owned by a random member or none, some archived.
        for (int i = 0; i < size; i++) {
            String id = "res_" + String.format("%03d", i) + (random.nextBoolean() ? "_x" : "");
            exec("INSERT INTO resources (id, space_id, resource_type, group_id, owner_member_id, display_name, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    id, space, type, groups.isEmpty() || random.nextInt(6) == 0 ? null : groups.get(random.nextInt(groups.size())),
                    random.nextInt(3) == 0 ? members.get(random.nextInt(members.size())) : null, "Resource " + i,
                    random.nextInt(8) == 0 ? "archived" : "active");
            resources.add(id);
        }
    }

    private Timestamp ts(int days) {
        return Timestamp.from(now.plus(days, ChronoUnit.DAYS));
    }

    private void exec(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    Map<String, Object> actor(String userMemberId) {
        String[] b = bindings.get(userMemberId);
        return Map.of("user_id", b[0], "member_id", b[1], "user_member_id", userMemberId, "space_id", space);
    }
}
