package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Role versions: every change of a role or its permission set is a version; rollback makes a new one. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class RoleVersionsApiTest {

    static final String ROLES = "/api/v1/roles/";
    static final String ROLE_PERMISSIONS = "/api/v1/role-permissions";

    @Test
    void everyChangeBumpsTheVersionAndKeepsTheStateItMade() {
        String space = AccessFixtures.space();
        String role = createRole(space, "Reviewer");
        String permission = AccessFixtures.permission(AccessFixtures.type("sign"), "sign", "space");
        String spaceRoles = "/api/v1/spaces/" + space + "/roles/";
        asAdmin().get(spaceRoles + role).then().statusCode(200).body("data.version", equalTo(1))
                .body("data.level", equalTo("space"));

        asAdmin().body(Map.of("name", "Senior Reviewer")).patch(spaceRoles + role).then().statusCode(200)
                .body("data.version", equalTo(2));
        asAdmin().body(Map.of("name", "Senior Reviewer")).patch(spaceRoles + role).then().statusCode(200)
                .body("data.version", equalTo(2)); // the same name: no change, no version
        asAdmin().post(spaceRoles + role + "/disable").then().statusCode(200).body("data.version", equalTo(3));
        asAdmin().post(spaceRoles + role + "/disable").then().statusCode(200).body("data.version", equalTo(3));
        asAdmin().post(spaceRoles + role + "/restore").then().statusCode(200).body("data.version", equalTo(4));
        String rp = asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post(ROLE_PERMISSIONS)
                .then().statusCode(201).extract().path("data.id");
        asAdmin().get(ROLES + role).then().statusCode(200).body("data.version", equalTo(5));
        asAdmin().post(ROLE_PERMISSIONS + "/" + rp + "/revoke").then().statusCode(200);
        asAdmin().post(ROLE_PERMISSIONS + "/" + rp + "/revoke").then().statusCode(200);
        asAdmin().get(ROLES + role).then().statusCode(200).body("data.version", equalTo(6))
                .body("data.name", equalTo("Senior Reviewer"));

        List<Map<String, Object>> versions = asAdmin().get(ROLES + role + "/versions").then().statusCode(200)
                .extract().path("data");
        assertEquals(List.of(6, 5, 4, 3, 2, 1), versions.stream().map(v -> v.get("version")).toList(), "newest first");
        assertEquals(List.of("permission_removed", "permission_added", "restored", "disabled", "updated", "created"),
                versions.stream().map(v -> v.get("reason")).toList());
        assertEquals(List.of(List.of(), List.of(permission), List.of(), List.of(), List.of(), List.of()),
                versions.stream().map(v -> v.get("permission_ids")).toList());
        assertEquals(List.of("active", "active", "active", "disabled", "active", "active"),
                versions.stream().map(v -> v.get("status")).toList());
        asAdmin().get(ROLES + role + "/versions/1").then().statusCode(200).body("data.role_id", equalTo(role))
                .body("data.name", equalTo("Reviewer")).body("data.status", equalTo("active"))
                .body("data.created_by", equalTo("user_alice")).body("data.restored_version", nullValue());
        asAdmin().get(ROLES + role + "/versions/5").then().statusCode(200).body("data.name", equalTo("Senior Reviewer"))
                .body("data.permission_ids", equalTo(List.of(permission)));
        assertEquals(List.of(6, 5, 4, 3, 2, 1), walkVersions(role), "the paged walk sees every version once");

        // Audited as before; the role-permission rows name the version they made.
        assertEquals(List.of("role.created", "role.updated", "role.updated", "role.disabled", "role.disabled", "role.restored"),
                auditActions(role));
        assertEquals(java.util.Arrays.asList("5", "6", null), TestDatabase.rows("SELECT trace->'facts'->>'role_version' AS v "
                + "FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", rp).stream().map(r -> r.get("v")).toList(),
                "created (v5), revoked (v6), revoked again (no change, no version)");
        assertEquals(6, TestDatabase.rows("SELECT 1 FROM role_versions WHERE role_id = ?", role).size());
    }

    @Test
    void rollbackRestoresTheStateAndPermissionSetAsANewVersionThatTheNextDecisionUses() {
        String space = AccessFixtures.space();
        String type = AccessFixtures.type("approve", "read");
        String approve = AccessFixtures.permission(type, "approve", "space");
        String read = AccessFixtures.permission(type, "read", "space");
        String role = createRole(space, "Approver");
        Map<String, Object> actor = RoleWorld.actor(space);
        String resource = RoleWorld.resource(space, type);
        RoleWorld.bind(actor, role);
        String approveRp = addPermission(role, approve); // v2: {approve}
        asAdmin().post(ROLE_PERMISSIONS + "/" + approveRp + "/revoke").then().statusCode(200); // v3: {}
        addPermission(role, read); // v4: {read}
        String revision = RoleWorld.revision(asAdmin().body(Map.of("name", "Reader", "description", "reads"))
                .patch(ROLES + role).then().statusCode(200).body("data.version", equalTo(5)).extract().response());
        RoleWorld.explain(actor, type, resource, "approve", revision).then()
                .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));

        Response rollback = asAdmin().body(Map.of("version", 2)).post(ROLES + role + "/rollback");
        rollback.then().statusCode(200).body("data.role_id", equalTo(role)).body("data.version", equalTo(6))
                .body("data.name", equalTo("Approver")).body("data.description", nullValue())
                .body("data.status", equalTo("active")).body("data.permission_ids", equalTo(List.of(approve)))
                .body("data.reason", equalTo("rolled_back")).body("data.restored_version", equalTo(2))
                .body("data.created_by", equalTo("user_alice"));
        asAdmin().get(ROLES + role).then().body("data.version", equalTo(6)).body("data.name", equalTo("Approver"));
        asAdmin().get(ROLES + role + "/versions/6").then().statusCode(200).body("data.permission_ids", equalTo(List.of(approve)))
                .body("data.restored_version", equalTo(2));
        asAdmin().get(ROLES + role + "/versions/5").then().statusCode(200).body("data.name", equalTo("Reader"))
                .body("data.permission_ids", equalTo(List.of(read)));
        // The permission set is role-permission rows: read's is revoked, approve has a new active one.
        List<Map<String, Object>> active = TestDatabase.rows(
                "SELECT id, permission_id FROM role_permissions WHERE role_id = ? AND status = 'active'", role);
        assertEquals(1, active.size());
        assertEquals(approve, active.get(0).get("permission_id"));
        assertTrue(!approveRp.equals(active.get(0).get("id")), "history is not rewritten: the old row stays revoked");

        Response allowed = RoleWorld.explain(actor, type, resource, "approve", RoleWorld.revision(rollback));
        allowed.then().body("data.decision", equalTo("allow")).body("data.matched_candidates[0].role.id", equalTo(role))
                .body("data.matched_candidates[0].role.version", equalTo(6))
                .body("data.matched_candidates[0].role.space_id", equalTo(space));
        String audit = allowed.path("data.audit_log_id");
        assertEquals("6", TestDatabase.rows("SELECT plystra_expand_trace(trace)->'matched_candidates'->0->'role'->>'version' AS v "
                + "FROM audit_logs WHERE id = ?", audit).get(0).get("v"), "the audit row records the version used");
        RoleWorld.explain(actor, type, resource, "read", RoleWorld.revision(rollback)).then()
                .body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));

        assertEquals("role.rolled_back", lastAudit(role, "action"));
        assertEquals("2", lastAudit(role, "trace->'facts'->>'restored_version'"));
        assertEquals("[\"" + approve + "\"]", lastAudit(role, "trace->'facts'->'permissions_added'").toString());
        assertEquals("[\"" + read + "\"]", lastAudit(role, "trace->'facts'->'permissions_removed'").toString());
        assertEquals(space, lastAudit(role, "space_id"));

        // Rolling back to the version that was current before makes another version with that set.
        asAdmin().body(Map.of("version", 5)).post(ROLES + role + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(7)).body("data.name", equalTo("Reader"))
                .body("data.permission_ids", equalTo(List.of(read)));
        assertEquals(List.of(7, 6, 5, 4, 3, 2, 1), walkVersions(role));
    }

    @Test
    void rollbackRestoresADisabledStateAndAnEmptySet() {
        String space = AccessFixtures.space();
        String role = createRole(space, "Empty");
        String permission = AccessFixtures.permission(AccessFixtures.type("sign"), "sign", "group");
        asAdmin().post(ROLES + role + "/disable").then().statusCode(200).body("data.version", equalTo(2));
        addPermission(role, permission); // v3
        asAdmin().body(Map.of("version", 2)).post(ROLES + role + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(4)).body("data.status", equalTo("disabled"))
                .body("data.permission_ids", equalTo(List.of()));
        asAdmin().get("/api/v1/spaces/" + space + "/roles/" + role).then().body("data.status", equalTo("disabled"))
                .body("data.version", equalTo(4));
        assertTrue(TestDatabase.rows("SELECT 1 FROM role_permissions WHERE role_id = ? AND status = 'active'", role).isEmpty());
    }

    @Test
    void badRequestsAreRefusedAndUnknownRowsAreNotFound() {
        String role = createRole(AccessFixtures.space(), "R");
        asAdmin().body(Map.of()).post(ROLES + role + "/rollback").then().statusCode(400)
                .body("error.details.fields.version", equalTo("is required"));
        asAdmin().post(ROLES + role + "/rollback").then().statusCode(400);
        asAdmin().body(Map.of("version", 0)).post(ROLES + role + "/rollback").then().statusCode(400)
                .body("error.details.fields.version", containsString("1 or more"));
        asAdmin().body(Map.of("version", "1")).post(ROLES + role + "/rollback").then().statusCode(400)
                .body("error.details.fields.version", equalTo("has the wrong type or format"));
        asAdmin().body(Map.of("version", 1.5)).post(ROLES + role + "/rollback").then().statusCode(400);
        asAdmin().body(Map.of("version", 9)).post(ROLES + role + "/rollback").then().statusCode(400)
                .body("error.details.fields.version", equalTo("must be an existing version of this role"));
        asAdmin().body(Map.of("version", 1, "reason", "x")).post(ROLES + role + "/rollback").then().statusCode(400)
                .body("error.details.fields.reason", equalTo("unknown field"));
        asAdmin().get(ROLES + role + "/versions?limit=0").then().statusCode(400);
        asAdmin().get(ROLES + role + "/versions?cursor=nonsense").then().statusCode(400)
                .body("error.details.fields.cursor", equalTo("is not a cursor this server issued"));
        asAdmin().body(Map.of("version", 1)).patch(ROLES + role).then().statusCode(400)
                .body("error.details.fields.version", equalTo("cannot be changed"));

        asAdmin().get(ROLES + "role_missing/versions").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().get(ROLES + "role_missing/versions/1").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().body(Map.of("version", 1)).post(ROLES + "role_missing/rollback").then().statusCode(404)
                .body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().get(ROLES + "role_missing").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().get(ROLES + role + "/versions/2").then().statusCode(404).body("error.code", equalTo("ROLE_VERSION_NOT_FOUND"));
        asAdmin().get(ROLES + role + "/versions/zero").then().statusCode(404).body("error.code", equalTo("ROLE_VERSION_NOT_FOUND"));
        asAdmin().get(ROLES + role + "/versions/-1").then().statusCode(404).body("error.code", equalTo("ROLE_VERSION_NOT_FOUND"));
        asAdmin().get(ROLES + role).then().body("data.version", equalTo(1));
        assertEquals(List.of("role.created"), auditActions(role), "refused requests write nothing");
    }

    @Test
    void rollingBackToAPermissionThatNoLongerExistsIsAConflictNamingIt() {
        String role = createRole(AccessFixtures.space(), "Gone");
        String permission = AccessFixtures.permission(AccessFixtures.type("sign"), "sign", "self");
        String rp = addPermission(role, permission); // v2
        asAdmin().post(ROLE_PERMISSIONS + "/" + rp + "/revoke").then().statusCode(200); // v3
        // Rows are never deleted over the API; an operator's SQL can remove a permission with its role-permissions.
        TestDatabase.update("DELETE FROM role_permissions WHERE permission_id = ?", permission);
        TestDatabase.update("DELETE FROM permissions WHERE id = ?", permission);

        asAdmin().body(Map.of("version", 2)).post(ROLES + role + "/rollback").then().statusCode(409)
                .body("error.code", equalTo("ROLE_CONFLICT")).body("error.message", containsString(permission));
        asAdmin().get(ROLES + role).then().body("data.version", equalTo(3));
        assertTrue(!auditActions(role).contains("role.rolled_back"));
        asAdmin().body(Map.of("version", 1)).post(ROLES + role + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(4));
    }

    @Test
    void aRoleWrittenOutsideTheApiKeepsTheVersionItWasAtBeforeItsFirstChange() {
        String space = AccessFixtures.space();
        String role = unique("role_sql");
        TestDatabase.update("INSERT INTO roles (id, space_id, key, name) VALUES (?, ?, ?, 'Plain')", role, space, unique("k"));
        TestDatabase.update("INSERT INTO role_permissions (id, role_id, permission_id) VALUES (?, ?, 'perm_invoice_read_self')",
                unique("rp_sql"), role);
        asAdmin().get(ROLES + role + "/versions").then().statusCode(200).body("data", equalTo(List.of()));
        asAdmin().body(Map.of("name", "Changed")).patch(ROLES + role).then().statusCode(200).body("data.version", equalTo(2));
        asAdmin().get(ROLES + role + "/versions/1").then().statusCode(200).body("data.reason", equalTo("recorded"))
                .body("data.name", equalTo("Plain")).body("data.permission_ids", equalTo(List.of("perm_invoice_read_self")))
                .body("data.created_by", nullValue());
        asAdmin().get(ROLES + role + "/versions/2").then().statusCode(200).body("data.reason", equalTo("updated"))
                .body("data.name", equalTo("Changed"));
    }

    @Test
    void theDemoRoleStartsAtItsFirstVersion() {
        asAdmin().get(ROLES + "role_finance_approver/versions/1").then().statusCode(200)
                .body("data.name", equalTo("Finance Approver"))
                .body("data.permission_ids", equalTo(List.of("perm_invoice_approve_group_tree")));
    }

    @Test
    void callersNeedThePermissionInTheRoleSpace() {
        String space = AccessFixtures.space();
        String admin = AccessFixtures.spaceAdmin(space);
        String own = createRole(space, "Own");
        String foreign = createRole(AccessFixtures.space(), "Foreign");
        String permission = AccessFixtures.permission(AccessFixtures.type("sign"), "sign", "space");
        addPermission(own, permission); // v2

        as(admin).get(ROLES + own + "/versions").then().statusCode(200);
        as(admin).get(ROLES + own + "/versions/1").then().statusCode(200);
        as(admin).get(ROLES + own).then().statusCode(200).body("data.space_id", equalTo(space));
        as(admin).body(Map.of("version", 1)).post(ROLES + own + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(3));
        assertEquals(admin.substring(0, admin.indexOf('@')), lastAudit(own, "actor_user_id"), "the rollback is audited as the space admin's");

        // Another space's role is unknown to this space admin, on every route.
        as(admin).get(ROLES + foreign + "/versions").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        as(admin).get(ROLES + foreign + "/versions/1").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        as(admin).get(ROLES + foreign).then().statusCode(404);
        as(admin).body(Map.of("version", 1)).post(ROLES + foreign + "/rollback").then().statusCode(404);
        as(admin).body(Map.of("name", "x")).patch(ROLES + foreign).then().statusCode(404);
        as(admin).post(ROLES + foreign + "/disable").then().statusCode(404);
        asAdmin().get(ROLES + foreign).then().body("data.version", equalTo(1)).body("data.name", equalTo("Foreign"));

        // No grant: 403 at the gate.
        as(Api.BOB).get(ROLES + own + "/versions").then().statusCode(403).body("error.details.permission", equalTo("roles:read"));
        as(Api.BOB).body(Map.of("version", 1)).post(ROLES + own + "/rollback").then().statusCode(403)
                .body("error.details.permission", equalTo("roles:manage"));

        // roles:* without permissions:manage: a rollback may restore names, not a permission set.
        String rolesOnly = RoleWorld.admin("space_admin", space, "roles:*");
        as(rolesOnly).body(Map.of("version", 2)).post(ROLES + own + "/rollback").then().statusCode(403)
                .body("error.details.permission", equalTo("permissions:manage"));
        asAdmin().body(Map.of("name", "Renamed")).patch(ROLES + own).then().statusCode(200).body("data.version", equalTo(4));
        as(rolesOnly).body(Map.of("version", 3)).post(ROLES + own + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(5)).body("data.name", equalTo("Own"));
    }

    private static String createRole(String space, String name) {
        String id = unique("role_v");
        asAdmin().body(Map.of("id", id, "key", unique("k"), "name", name)).post("/api/v1/spaces/" + space + "/roles")
                .then().statusCode(201).body("data.version", equalTo(1));
        return id;
    }

    private static String addPermission(String role, String permission) {
        return asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post(ROLE_PERMISSIONS)
                .then().statusCode(201).extract().path("data.id");
    }

    /** The versions of a role, walking the pages with limit 2. */
    private static List<Integer> walkVersions(String role) {
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new HashMap<>();
            query.put("limit", 2);
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Response page = asAdmin().queryParams(query).get(ROLES + role + "/versions");
            page.then().statusCode(200).body("pagination.limit", equalTo(2));
            List<Integer> versions = page.path("data.version");
            assertTrue(versions.size() <= 2);
            seen.addAll(versions);
            cursor = page.path("pagination.next_cursor");
            assertEquals(page.<Boolean>path("pagination.has_more"), cursor != null);
        } while (cursor != null && seen.size() < 100);
        assertNotNull(seen);
        return seen;
    }
}
