package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Organization roles: defined once in an organization by its admins, bindable (member-roles and bindings) in the
 * spaces of that organization and of those below it and nowhere else, and allowing there as long as the space stays
 * below the role's organization.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class OrganizationRoleApiTest {

    static final String ROLES = "/api/v1/roles";

    @Test
    void anOrganizationsAdminDefinesARoleOnceThatSpacesBelowItBind() {
        String holding = organization(null);
        String finance = organization(holding);
        String below = space(finance);
        String outside = AccessFixtures.space();
        String admin = organizationAdmin(holding);

        String role = unique("role_o");
        as(admin).body(Map.of("id", role, "key", unique("approver"), "name", "Approver", "level", "organization",
                        "organization_id", holding)).post(ROLES).then().statusCode(201)
                .body("data.level", equalTo("organization")).body("data.organization_id", equalTo(holding))
                .body("data.space_id", nullValue()).body("data.version", equalTo(1));
        String type = AccessFixtures.type("approve");
        String permission = AccessFixtures.permission(type, "approve", "space");
        as(admin).body(Map.of("role_id", role, "permission_id", permission)).post("/api/v1/role-permissions").then().statusCode(201);
        as(admin).body(Map.of("name", "Approver EU")).patch(ROLES + "/" + role).then().statusCode(200)
                .body("data.version", equalTo(3));
        as(admin).get(ROLES + "/" + role + "/versions").then().statusCode(200);
        assertEquals(List.of(role), walk(ROLES, Map.of("organization_id", holding)));
        assertEquals(List.of("role.created", "role.updated"), auditActions(role));

        // Bound in a space below the organization, by that organization's admin: it allows there.
        Map<String, Object> actor = RoleWorld.actor(below);
        String resource = RoleWorld.resource(below, type);
        Response bound = as(admin).body(Map.of("member_id", actor.get("member_id"), "role_id", role))
                .post("/api/v1/spaces/" + below + "/member-roles");
        bound.then().statusCode(201);
        RoleWorld.explain(actor, type, resource, "approve", RoleWorld.revision(bound)).then()
                .body("data.decision", equalTo("allow")).body("data.matched_candidates[0].role.id", equalTo(role))
                .body("data.matched_candidates[0].role.space_id", nullValue());
        asAdmin().body(Map.of("space_id", below, "resource_type", type, "resource_id", resource, "action", "approve"))
                .post("/api/v1/authz/lookup-members").then().statusCode(200)
                .body("data.members.id", equalTo(List.of(actor.get("member_id"))));
        as(admin).body(Map.of("subject", Map.of("kind", "member", "id", AccessFixtures.member(below)), "role_id", role))
                .post("/api/v1/spaces/" + below + "/bindings").then().statusCode(201);

        // Nowhere else: another space refuses it as any role not of its own.
        String stranger = AccessFixtures.member(outside);
        asAdmin().body(Map.of("member_id", stranger, "role_id", role)).post("/api/v1/spaces/" + outside + "/member-roles").then()
                .statusCode(400).body("error.details.fields.role_id", equalTo("must be a role of this space"));
        asAdmin().body(Map.of("subject", Map.of("kind", "member", "id", stranger), "role_id", role))
                .post("/api/v1/spaces/" + outside + "/bindings").then().statusCode(400)
                .body("error.details.fields.role_id", equalTo("must be a role of this space"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM member_roles WHERE member_id = ?", stranger).isEmpty());

        // A space moved out from under the organization keeps its binding, which no longer allows.
        Map<String, Object> toRoot = new HashMap<>();
        toRoot.put("parent_id", null);
        Response moved = asAdmin().body(toRoot).patch("/api/v1/organizations/" + finance);
        moved.then().statusCode(200);
        RoleWorld.explain(actor, type, resource, "approve", RoleWorld.revision(moved)).then()
                .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"));
        asAdmin().delete("/api/v1/organizations/" + holding).then().statusCode(409)
                .body("error.details.in_use", equalTo(List.of("roles", "admin grants")));
    }

    @Test
    void onlyAnAdminOfTheRolesOrganizationReachesIt() {
        String holding = organization(null);
        String other = organization(null);
        String role = asAdmin().body(Map.of("key", unique("k"), "name", "Org role", "level", "organization",
                "organization_id", holding)).post(ROLES).then().statusCode(201).extract().path("data.id");
        String rp = asAdmin().body(Map.of("role_id", role, "permission_id", "perm_invoice_read_self"))
                .post("/api/v1/role-permissions").then().statusCode(201).extract().path("data.id");
        String otherAdmin = organizationAdmin(other);
        String spaceAdmin = AccessFixtures.spaceAdmin(space(holding));

        for (String caller : List.of(otherAdmin, spaceAdmin)) {
            as(caller).get(ROLES + "/" + role).then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
            as(caller).body(Map.of("name", "Mine")).patch(ROLES + "/" + role).then().statusCode(404);
            as(caller).post(ROLES + "/" + role + "/disable").then().statusCode(404);
            as(caller).get("/api/v1/role-permissions/" + rp).then().statusCode(403);
            as(caller).post("/api/v1/role-permissions/" + rp + "/revoke").then().statusCode(403);
            as(caller).get(ROLES + "?organization_id=" + holding).then().statusCode(403);
            as(caller).body(Map.of("key", unique("k"), "name", "x", "level", "organization", "organization_id", holding))
                    .post(ROLES).then().statusCode(403).body("error.details.permission", equalTo("roles:manage"));
        }
        asAdmin().get(ROLES + "/" + role).then().body("data.version", equalTo(2)).body("data.status", equalTo("active"));
    }

    private static String organization(String parent) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Org"));
        if (parent != null) {
            body.put("parent_id", parent);
        }
        return asAdmin().body(body).post("/api/v1/organizations").then().statusCode(201).extract().path("data.id");
    }

    private static String space(String organization) {
        String id = unique("space_or");
        asAdmin().body(Map.of("id", id, "name", id, "organization_id", organization)).post("/api/v1/spaces").then().statusCode(201);
        return id;
    }

    /** A new user holding an organization_admin grant with key {@code *} over the organization; returns its email. */
    private static String organizationAdmin(String organization) {
        String id = unique("user_oa");
        TestDatabase.update("INSERT INTO users (id, email, password_hash) SELECT ?, ?, password_hash FROM users WHERE id = 'user_alice'",
                id, id + "@example.com");
        asAdmin().body(Map.of("user_id", id, "level", "organization_admin", "organization_id", organization))
                .post("/api/v1/admin/grants").then().statusCode(201);
        return id + "@example.com";
    }
}
