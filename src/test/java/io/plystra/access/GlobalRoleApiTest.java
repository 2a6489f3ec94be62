package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Global roles: no space, created and changed by a super admin only, bindable and effective in every space. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class GlobalRoleApiTest {

    static final String ROLES = "/api/v1/roles";

    @Test
    void aSuperAdminCreatesAndManagesAGlobalRoleWithAnAuditRowEach() {
        String id = unique("role_g");
        String key = unique("auditor");
        asAdmin().body(Map.of("id", id, "key", key, "name", "Auditor", "level", "global")).post(ROLES).then().statusCode(201)
                .body("data.id", equalTo(id)).body("data.level", equalTo("global")).body("data.space_id", nullValue())
                .body("data.key", equalTo(key)).body("data.version", equalTo(1)).body("data.status", equalTo("active"));
        asAdmin().body(Map.of("description", "reads everything")).patch(ROLES + "/" + id).then().statusCode(200)
                .body("data.version", equalTo(2)).body("data.description", equalTo("reads everything"));
        asAdmin().post(ROLES + "/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post(ROLES + "/" + id + "/restore").then().statusCode(200).body("data.version", equalTo(4));
        asAdmin().body(Map.of("version", 1)).post(ROLES + "/" + id + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(5)).body("data.description", nullValue());

        assertEquals(List.of("role.created", "role.updated", "role.disabled", "role.restored", "role.rolled_back"), auditActions(id));
        assertNull(lastAudit(id, "space_id"), "a global role's rows are audited in no space");
        assertTrue(walk(ROLES, Map.of()).contains(id), "GET /roles lists the global roles");
        assertTrue(!walk(ROLES, Map.of()).contains("role_finance_approver"), "and no space role");
        assertEquals(List.of(), walk(ROLES, Map.of("status", "disabled")).stream().filter(id::equals).toList());
        asAdmin().get("/api/v1/spaces/space_acme/roles/" + id).then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));

        asAdmin().body(Map.of("key", key, "name", "Again", "level", "global")).post(ROLES).then().statusCode(409)
                .body("error.code", equalTo("ROLE_CONFLICT"));
        // The same key in a space is another role.
        asAdmin().body(Map.of("key", key, "name", "Space auditor")).post("/api/v1/spaces/space_acme/roles").then().statusCode(201);
    }

    @Test
    void levelsOtherThanGlobalAndOrganizationAreRefusedHere() {
        asAdmin().body(Map.of("key", unique("k"), "name", "Org", "level", "organization", "organization_id", "org_missing"))
                .post(ROLES).then().statusCode(400)
                .body("error.details.fields.organization_id", equalTo("must be an existing organization"));
        asAdmin().body(Map.of("key", unique("k"), "name", "Org", "level", "organization")).post(ROLES).then().statusCode(400)
                .body("error.details.fields.organization_id", equalTo("is required for an organization role"));
        String refused = "must be global or organization (a space role is created under /api/v1/spaces/{id}/roles)";
        asAdmin().body(Map.of("key", unique("k"), "name", "Space", "level", "space")).post(ROLES).then().statusCode(400)
                .body("error.details.fields.level", equalTo(refused));
        asAdmin().body(Map.of("key", unique("k"), "name", "None")).post(ROLES).then().statusCode(400)
                .body("error.details.fields.level", equalTo(refused));
        asAdmin().body(Map.of("key", unique("k"), "name", "G", "level", "global", "organization_id", "org_x")).post(ROLES)
                .then().statusCode(400).body("error.details.fields.organization_id", equalTo("must be absent for a global role"));
        asAdmin().body(Map.of("key", "Bad Key", "level", "global")).post(ROLES).then().statusCode(400)
                .body("error.details.fields.name", equalTo("is required"));
        // The space route stays as it was: a level there is an unknown field.
        asAdmin().body(Map.of("key", unique("k"), "name", "x", "level", "global")).post("/api/v1/spaces/space_acme/roles")
                .then().statusCode(400).body("error.details.fields.level", equalTo("unknown field"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM roles WHERE organization_id = 'org_missing'").isEmpty());
    }

    @Test
    void onlyASuperAdminChangesAGlobalRoleWhichEverySpaceAdminReads() {
        String role = globalRole();
        String rp = asAdmin().body(Map.of("role_id", role, "permission_id", "perm_invoice_read_self"))
                .post("/api/v1/role-permissions").then().statusCode(201).extract().path("data.id");
        String space = AccessFixtures.space();
        String spaceAdmin = AccessFixtures.spaceAdmin(space);
        String instanceAdmin = RoleWorld.admin("instance_admin", null, "*");

        for (String caller : List.of(spaceAdmin, instanceAdmin)) {
            as(caller).get(ROLES + "/" + role).then().statusCode(200).body("data.level", equalTo("global"));
            as(caller).get(ROLES + "/" + role + "/versions").then().statusCode(200);
            as(caller).get("/api/v1/role-permissions/" + rp).then().statusCode(200);
            as(caller).body(Map.of("name", "Mine")).patch(ROLES + "/" + role).then().statusCode(403)
                    .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
            as(caller).post(ROLES + "/" + role + "/disable").then().statusCode(403);
            as(caller).body(Map.of("version", 1)).post(ROLES + "/" + role + "/rollback").then().statusCode(403);
            as(caller).body(Map.of("role_id", role, "permission_id", "perm_invoice_approve_group_tree"))
                    .post("/api/v1/role-permissions").then().statusCode(403);
            as(caller).post("/api/v1/role-permissions/" + rp + "/revoke").then().statusCode(403);
        }
        as(instanceAdmin).body(Map.of("name", "Mine")).patch(ROLES + "/" + role).then()
                .body("error.details.level", equalTo("instance_super_admin"));
        as(instanceAdmin).body(Map.of("key", unique("k"), "name", "G", "level", "global")).post(ROLES).then().statusCode(403)
                .body("error.details.level", equalTo("instance_super_admin"));
        as(spaceAdmin).body(Map.of("key", unique("k"), "name", "G", "level", "global")).post(ROLES).then().statusCode(403)
                .body("error.details.permission", equalTo("roles:manage"));

        asAdmin().get(ROLES + "/" + role).then().body("data.version", equalTo(2)).body("data.name", equalTo("Global"))
                .body("data.status", equalTo("active"));
        asAdmin().get("/api/v1/role-permissions/" + rp).then().body("data.status", equalTo("active"));
    }

    @Test
    void aGlobalRoleBoundInTwoSpacesAllowsInBoth() {
        String type = AccessFixtures.type("approve");
        String permission = AccessFixtures.permission(type, "approve", "space");
        String role = globalRole();
        asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post("/api/v1/role-permissions").then().statusCode(201);
        String first = AccessFixtures.space();
        String second = AccessFixtures.space();
        Map<String, Object> one = RoleWorld.actor(first);
        Map<String, Object> two = RoleWorld.actor(second);
        String inFirst = RoleWorld.resource(first, type);
        String inSecond = RoleWorld.resource(second, type);

        // Each space's own admin binds the global role in its space.
        String revision = null;
        for (Map<String, Object> actor : List.of(one, two)) {
            String sid = (String) actor.get("space_id");
            Response bound = as(AccessFixtures.spaceAdmin(sid)).body(Map.of("member_id", actor.get("member_id"), "role_id", role))
                    .post("/api/v1/spaces/" + sid + "/member-roles");
            bound.then().statusCode(201).body("data.role_id", equalTo(role)).body("data.space_id", equalTo(sid));
            revision = RoleWorld.revision(bound);
        }

        for (Object[] c : new Object[][] {{one, inFirst}, {two, inSecond}}) {
            @SuppressWarnings("unchecked")
            Map<String, Object> actor = (Map<String, Object>) c[0];
            RoleWorld.explain(actor, type, (String) c[1], "approve", revision).then()
                    .body("data.decision", equalTo("allow"))
                    .body("data.matched_candidates[0].role.id", equalTo(role))
                    .body("data.matched_candidates[0].role.space_id", nullValue())
                    .body("data.matched_candidates[0].role.version", equalTo(2))
                    .body("data.matched_candidates[0].member_role.space_id", equalTo(actor.get("space_id")));
        }
        // The binding is per space: the first space's member has nothing on the second space's resource.
        RoleWorld.explain(one, type, inSecond, "approve", revision).then().body("data.decision", equalTo("deny"));

        // lookup-members finds the member bound in the resource's space.
        asAdmin().body(Map.of("space_id", first, "resource_type", type, "resource_id", inFirst, "action", "approve"))
                .post("/api/v1/authz/lookup-members").then().statusCode(200)
                .body("data.members.id", equalTo(List.of(one.get("member_id"))));
        asAdmin().body(Map.of("actor", one, "resource_type", type, "action", "approve"))
                .post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids", equalTo(List.of(inFirst)));

        // Disabled by the super admin: denied in both spaces.
        String disabled = RoleWorld.revision(asAdmin().post(ROLES + "/" + role + "/disable").then().statusCode(200).extract().response());
        RoleWorld.explain(one, type, inFirst, "approve", disabled).then().body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));
        RoleWorld.explain(two, type, inSecond, "approve", disabled).then().body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));
    }

    @Test
    void aSpaceRoleIsStillBindableOnlyInItsSpace() {
        String first = AccessFixtures.space();
        String second = AccessFixtures.space();
        String spaceRole = AccessFixtures.role(first);
        String member = AccessFixtures.member(second);
        asAdmin().body(Map.of("member_id", member, "role_id", spaceRole)).post("/api/v1/spaces/" + second + "/member-roles")
                .then().statusCode(400).body("error.details.fields.role_id", equalTo("must be a role of this space"));
        // The schema no longer ties a member-role to its role's space; the service does.
        assertEquals(1, TestDatabase.rows("SELECT 1 FROM pg_constraint WHERE conname = 'member_roles_role_fkey'").size());
        assertTrue(TestDatabase.rows("SELECT 1 FROM member_roles WHERE member_id = ?", member).isEmpty());
    }

    private static String globalRole() {
        String id = unique("role_g");
        asAdmin().body(Map.of("id", id, "key", unique("k"), "name", "Global", "level", "global")).post(ROLES)
                .then().statusCode(201);
        return id;
    }
}
