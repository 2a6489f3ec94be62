package io.plystra.identity;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The organization tree over the admin API: CRUD with an audit row per write, no cycles and at most 16 levels,
 * 400/404/409, spaces joining and leaving organizations, a disabled organization (or ancestor) denying every decision
 * in its spaces with ORGANIZATION_INACTIVE until restored, and an organization admin administering the spaces below
 * its organization but no other.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class OrganizationApiTest {

    static final String ORGS = "/api/v1/organizations";

    @Test
    void buildsATreeWithAnAuditRowPerWrite() {
        String root = unique("org_root");
        asAdmin().body(Map.of("id", root, "name", "Holding", "metadata", Map.of("country", "DE"))).post(ORGS).then()
                .statusCode(201).body("data.id", equalTo(root)).body("data.name", equalTo("Holding"))
                .body("data.parent_id", nullValue()).body("data.status", equalTo("active"))
                .body("data.metadata.country", equalTo("DE")).body("data.created_at", notNullValue());
        String child = asAdmin().body(Map.of("name", " Finance ", "parent_id", root)).post(ORGS).then().statusCode(201)
                .body("data.parent_id", equalTo(root)).body("data.name", equalTo("Finance"))
                .body("data.metadata", equalTo(Map.of())).extract().path("data.id");
        asAdmin().get(ORGS + "/" + child).then().statusCode(200).body("data.parent_id", equalTo(root));

        asAdmin().body(Map.of("name", "Finance EU", "metadata", Map.of("tier", "gold"))).patch(ORGS + "/" + child).then()
                .statusCode(200).body("data.name", equalTo("Finance EU")).body("data.metadata.tier", equalTo("gold"));
        Map<String, Object> toRoot = new HashMap<>();
        toRoot.put("parent_id", null);
        asAdmin().body(toRoot).patch(ORGS + "/" + child).then().statusCode(200).body("data.parent_id", nullValue());
        asAdmin().body(Map.of("parent_id", root)).patch(ORGS + "/" + child).then().statusCode(200)
                .body("data.parent_id", equalTo(root));
        asAdmin().post(ORGS + "/" + child + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post(ORGS + "/" + child + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        assertEquals(List.of("organization.created", "organization.updated", "organization.updated", "organization.updated",
                "organization.disabled", "organization.restored"), auditActions(child));
        assertNull(lastAudit(child, "space_id"), "an organization is audited in no space");
        assertEquals(List.of(Map.of("n", 2L)), TestDatabase.rows("SELECT count(*) AS n FROM audit_logs WHERE resource_id = ? "
                + "AND action = 'organization.updated' AND trace->'facts'->>'moved' = 'true'", child), "the two moves say so");
        assertEquals(List.of(child), walk(ORGS, Map.of("parent_id", root)));
        List<String> all = walk(ORGS, Map.of());
        assertTrue(all.indexOf(root) >= 0 && all.indexOf(root) < all.indexOf(child), "oldest first");
        asAdmin().queryParam("status", "disabled").queryParam("parent_id", root).get(ORGS).then().statusCode(200)
                .body("data", equalTo(List.of()));
    }

    @Test
    void refusesACycleAndATreeDeeperThanSixteenLevels() {
        List<String> chain = new java.util.ArrayList<>();
        String parent = null;
        for (int level = 1; level <= 16; level++) {
            parent = organization(parent);
            chain.add(parent);
        }
        asAdmin().body(Map.of("name", "17th", "parent_id", parent)).post(ORGS).then().statusCode(409)
                .body("error.code", equalTo("ORGANIZATION_CONFLICT")).body("error.message", containsString("17 levels"));
        // A subtree of two levels fits under level 14, not under level 15.
        String top = organization(null);
        organization(top);
        asAdmin().body(Map.of("parent_id", chain.get(14))).patch(ORGS + "/" + top).then().statusCode(409)
                .body("error.code", equalTo("ORGANIZATION_CONFLICT"));
        asAdmin().body(Map.of("parent_id", chain.get(13))).patch(ORGS + "/" + top).then().statusCode(200);

        // The root under its own descendant would close a cycle; under itself is no parent at all.
        asAdmin().body(Map.of("parent_id", chain.get(3))).patch(ORGS + "/" + chain.get(0)).then().statusCode(409)
                .body("error.code", equalTo("ORGANIZATION_CONFLICT")).body("error.message", containsString("cycle"));
        asAdmin().body(Map.of("parent_id", chain.get(0))).patch(ORGS + "/" + chain.get(0)).then().statusCode(400)
                .body("error.details.fields.parent_id", notNullValue());
        assertEquals(List.of(Map.of("n", 0L)), TestDatabase.rows(
                "SELECT count(*) AS n FROM organizations WHERE id = ? AND parent_id IS NOT NULL", chain.get(0)));
    }

    @Test
    void badBodiesAre400UnknownIds404AndTakenIds409() {
        asAdmin().body(Map.of()).post(ORGS).then().statusCode(400).body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("name", " ")).post(ORGS).then().statusCode(400).body("error.details.fields.name", notNullValue());
        asAdmin().body(Map.of("name", "x", "parent_id", "org_missing")).post(ORGS).then().statusCode(400)
                .body("error.details.fields.parent_id", equalTo("must be an existing organization"));
        asAdmin().body(Map.of("name", "x", "metadata", "flat")).post(ORGS).then().statusCode(400);
        asAdmin().body(Map.of("name", "x", "status", "disabled")).post(ORGS).then().statusCode(400)
                .body("error.details.fields.status", notNullValue());
        asAdmin().body(Map.of("name", "x", "id", "Not An Id")).post(ORGS).then().statusCode(400)
                .body("error.details.fields.id", notNullValue());
        String id = organization(null);
        for (String field : List.of("id", "status")) {
            asAdmin().body(Map.of(field, "x")).patch(ORGS + "/" + id).then().statusCode(400)
                    .body("error.details.fields." + field, equalTo("cannot be changed"));
        }
        asAdmin().body(Map.of("colour", "red")).patch(ORGS + "/" + id).then().statusCode(400)
                .body("error.details.fields.colour", equalTo("unknown field"));
        asAdmin().body(Map.of("metadata", List.of(1))).patch(ORGS + "/" + id).then().statusCode(400)
                .body("error.details.fields.metadata", equalTo("must be a JSON object"));
        asAdmin().body(Map.of("parent_id", "org_missing")).patch(ORGS + "/" + id).then().statusCode(400)
                .body("error.details.fields.parent_id", equalTo("must be an existing organization"));
        asAdmin().queryParam("status", "revoked").get(ORGS).then().statusCode(400).body("error.details.fields.status", notNullValue());

        String missing = ORGS + "/org_missing";
        asAdmin().get(missing).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().body(Map.of("name", "x")).patch(missing).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().delete(missing).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().post(missing + "/disable").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().post(missing + "/restore").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));

        asAdmin().body(Map.of("id", id, "name", "again")).post(ORGS).then().statusCode(409)
                .body("error.code", equalTo("ORGANIZATION_CONFLICT"));
        assertEquals(List.of("organization.created"), auditActions(id), "refused writes leave no audit row");
    }

    @Test
    void deleteIsRefusedWhileAChildOrASpaceNamesTheOrganization() {
        String parent = organization(null);
        String child = organization(parent);
        asAdmin().delete(ORGS + "/" + parent).then().statusCode(409).body("error.code", equalTo("ORGANIZATION_CONFLICT"))
                .body("error.details.in_use", equalTo(List.of("child organizations")));
        String space = space(child);
        asAdmin().delete(ORGS + "/" + child).then().statusCode(409).body("error.details.in_use", equalTo(List.of("spaces")));

        Map<String, Object> leave = new HashMap<>();
        leave.put("organization_id", null);
        asAdmin().body(leave).patch("/api/v1/spaces/" + space).then().statusCode(200).body("data.organization_id", nullValue());
        asAdmin().delete(ORGS + "/" + child).then().statusCode(200).body("data.id", equalTo(child));
        asAdmin().get(ORGS + "/" + child).then().statusCode(404);
        asAdmin().delete(ORGS + "/" + parent).then().statusCode(200);
        assertEquals(List.of("organization.created", "organization.deleted"), auditActions(child));
        assertTrue(TestDatabase.rows("SELECT 1 FROM organizations WHERE id IN (?, ?)", parent, child).isEmpty());
    }

    @Test
    void aSpaceJoinsMovesBetweenAndLeavesOrganizations() {
        String first = organization(null);
        String second = organization(null);
        String space = space(first);
        asAdmin().get("/api/v1/spaces/" + space).then().statusCode(200).body("data.organization_id", equalTo(first));
        assertEquals(List.of(space), walk("/api/v1/spaces", Map.of("organization_id", first)));
        asAdmin().body(Map.of("organization_id", second)).patch("/api/v1/spaces/" + space).then().statusCode(200)
                .body("data.organization_id", equalTo(second));
        assertEquals(List.of(), walk("/api/v1/spaces", Map.of("organization_id", first)));
        asAdmin().body(Map.of("organization_id", "org_missing")).patch("/api/v1/spaces/" + space).then().statusCode(400)
                .body("error.details.fields.organization_id", equalTo("must be an existing organization"));
        asAdmin().body(Map.of("name", "x", "organization_id", "org_missing")).post("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.organization_id", notNullValue());
        assertEquals(second, lastAudit(space, "trace->'after'->>'organization_id'"));
        // A space of no organization answers as before, with organization_id null.
        asAdmin().get("/api/v1/spaces/space_acme").then().statusCode(200).body("data.organization_id", nullValue());
    }

    /** Disabling an organization or an ancestor denies every decision in its spaces; restoring it allows again. */
    @Test
    void aDisabledOrganizationDeniesEveryDecisionInItsSpacesUntilRestored() {
        String holding = organization(null);
        String finance = organization(holding);
        World w = World.in(space(finance));
        allows(w);

        for (String disabled : List.of(holding, finance)) {
            asAdmin().post(ORGS + "/" + disabled + "/disable").then().statusCode(200);
            asAdmin().body(w.check()).post("/api/v1/authz/check").then().statusCode(200)
                    .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("ORGANIZATION_INACTIVE"))
                    .body("data.reason", containsString("organization " + disabled));
            asAdmin().body(Map.of("space_id", w.space, "resource_type", w.type, "resource_id", w.resource, "action", "approve"))
                    .post("/api/v1/authz/lookup-members").then().statusCode(200)
                    .body("data.deny_code", equalTo("ORGANIZATION_INACTIVE")).body("data.members", equalTo(List.of()));
            asAdmin().body(Map.of("actor", w.actor, "resource_type", w.type, "action", "approve"))
                    .post("/api/v1/authz/lookup-resources").then().statusCode(200)
                    .body("data.deny_code", equalTo("ORGANIZATION_INACTIVE"));
            asAdmin().post(ORGS + "/" + disabled + "/restore").then().statusCode(200);
            allows(w);
        }
        asAdmin().body(w.check()).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.space.organizations.id", equalTo(List.of(finance, holding)))
                .body("data.space.organizations.status", equalTo(List.of("active", "active")));
        // A space of no organization: the trace's space is what it was before organizations.
        asAdmin().body(Map.of("actor", Map.of("user_id", "user_alice", "member_id", "member_finance_reviewer",
                        "user_member_id", "um_alice_finance_reviewer", "space_id", "space_acme"),
                        "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"))
                .post("/api/v1/authz/explain").then().statusCode(200).body("data.decision", equalTo("allow"))
                .body("data.space", not(hasKey("organizations")));
        assertTrue(TestDatabase.rows("SELECT 1 FROM audit_logs WHERE deny_code = 'ORGANIZATION_INACTIVE' AND space_id = ?",
                w.space).size() >= 2, "each denied decision is audited");
    }

    @Test
    void anOrganizationAdminAdministersTheSpacesBelowItsOrganizationOnly() {
        String holding = organization(null);
        String finance = organization(holding);
        String inHolding = space(holding);
        String inFinance = space(finance);
        String outside = AccessFixtures.space();
        String userId = unique("user_orgadmin");
        String email = userId + "@example.com";
        TestDatabase.update("INSERT INTO users (id, email, password_hash) SELECT ?, ?, password_hash FROM users WHERE id = 'user_alice'",
                userId, email);
        String grant = asAdmin().body(Map.of("user_id", userId, "level", "organization_admin", "organization_id", holding))
                .post("/api/v1/admin/grants").then().statusCode(201).body("data.organization_id", equalTo(holding))
                .body("data.space_id", nullValue()).extract().path("data.id");
        assertEquals(List.of("admin_grant.created"), auditActions(grant));

        for (String space : List.of(inHolding, inFinance)) {
            as(email).get("/api/v1/spaces/" + space).then().statusCode(200);
            as(email).body(Map.of("name", "renamed")).patch("/api/v1/spaces/" + space).then().statusCode(200);
            as(email).get("/api/v1/spaces/" + space + "/members").then().statusCode(200);
        }
        as(email).get("/api/v1/spaces/" + outside).then().statusCode(403).body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
        as(email).get("/api/v1/spaces/" + outside + "/members").then().statusCode(403);
        as(email).get("/api/v1/spaces/space_acme/members").then().statusCode(403);
        as(email).get("/api/v1/spaces").then().statusCode(200).body("data.id", hasItem(inFinance))
                .body("data.id", not(hasItem(outside))).body("data.id", not(hasItem("space_acme")));

        // The tree below its organization, and nothing else.
        as(email).get(ORGS).then().statusCode(200).body("data.id", equalTo(List.of(holding, finance)));
        String other = organization(null);
        as(email).get(ORGS + "/" + other).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        as(email).post(ORGS + "/" + other + "/disable").then().statusCode(404);
        as(email).body(Map.of("name", "root")).post(ORGS).then().statusCode(403);
        as(email).body(Map.of("parent_id", other)).patch(ORGS + "/" + finance).then().statusCode(403);
        String team = as(email).body(Map.of("name", "Team", "parent_id", finance)).post(ORGS).then().statusCode(201)
                .extract().path("data.id");
        // A space put below it later is within reach at once (the caller is re-read on the change).
        String later = space(team);
        as(email).get("/api/v1/spaces/" + later).then().statusCode(200);
        // Moving a space in or out needs organizations:manage for the organization it joins or leaves.
        as(email).body(Map.of("organization_id", other)).patch("/api/v1/spaces/" + inFinance).then().statusCode(403);
        as(email).body(Map.of("organization_id", holding)).patch("/api/v1/spaces/" + outside).then().statusCode(403);

        // It grants space admins below its organization, not elsewhere, and sees those grants.
        String colleague = unique("user_col");
        TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?)", colleague, colleague + "@example.com");
        String spaceGrant = as(email).body(Map.of("user_id", colleague, "level", "space_admin", "space_id", inFinance))
                .post("/api/v1/admin/grants").then().statusCode(201).extract().path("data.id");
        as(email).body(Map.of("user_id", colleague, "level", "space_admin", "space_id", outside)).post("/api/v1/admin/grants")
                .then().statusCode(403);
        as(email).body(Map.of("user_id", colleague, "level", "organization_admin", "organization_id", other))
                .post("/api/v1/admin/grants").then().statusCode(403);
        as(email).get("/api/v1/admin/grants").then().statusCode(200).body("data.id", hasItem(grant))
                .body("data.id", hasItem(spaceGrant));
        as(email).get("/api/v1/admin/grants/" + grant).then().statusCode(200);

        // Revoked, the grant reaches nothing.
        asAdmin().post("/api/v1/admin/grants/" + grant + "/revoke").then().statusCode(200);
        as(email).get("/api/v1/spaces/" + inFinance).then().statusCode(403);
        as(email).get(ORGS).then().statusCode(403);
    }

    @Test
    void anOrganizationAdminGrantNamesItsOrganizationOnly() {
        String org = organization(null);
        String user = unique("user_og");
        TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?)", user, user + "@example.com");
        String grants = "/api/v1/admin/grants";
        asAdmin().body(Map.of("user_id", user, "level", "organization_admin")).post(grants).then().statusCode(400)
                .body("error.details.fields.organization_id", equalTo("is required for an organization_admin grant"));
        asAdmin().body(Map.of("user_id", user, "level", "organization_admin", "organization_id", org, "space_id", "space_acme"))
                .post(grants).then().statusCode(400).body("error.details.fields.space_id", notNullValue());
        asAdmin().body(Map.of("user_id", user, "level", "space_admin", "space_id", "space_acme", "organization_id", org))
                .post(grants).then().statusCode(400)
                .body("error.details.fields.organization_id", equalTo("is only for an organization_admin grant"));
        asAdmin().body(Map.of("user_id", user, "level", "organization_admin", "organization_id", "org_missing"))
                .post(grants).then().statusCode(400).body("error.details.fields.organization_id", equalTo("no such organization"));
        asAdmin().body(Map.of("user_id", user, "level", "organization_admin", "organization_id", org)).post(grants).then()
                .statusCode(201);
        asAdmin().body(Map.of("user_id", user, "level", "organization_admin", "organization_id", org)).post(grants).then()
                .statusCode(409);
        asAdmin().delete(ORGS + "/" + org).then().statusCode(409).body("error.details.in_use", equalTo(List.of("admin grants")));
    }

    /** The permission is declared: a space admin passes the gate but reaches no organization. */
    @Test
    void aSpaceAdminReachesNoOrganization() {
        String org = organization(null);
        String spaceAdmin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(spaceAdmin).get(ORGS).then().statusCode(200).body("data", equalTo(List.of()));
        as(spaceAdmin).get(ORGS + "/" + org).then().statusCode(404);
        as(spaceAdmin).body(Map.of("name", "mine")).post(ORGS).then().statusCode(403)
                .body("error.details.permission", equalTo("organizations:manage"));
        as(spaceAdmin).body(Map.of("name", "x", "parent_id", org)).post(ORGS).then().statusCode(403);
        as(spaceAdmin).delete(ORGS + "/" + org).then().statusCode(404);
        asAdmin().get(ORGS + "/" + org).then().statusCode(200).body("data.status", equalTo("active"));
    }

    private static void allows(World w) {
        asAdmin().body(w.check()).post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));
    }

    /** A new organization, as the super admin ({@code parent} null: a root); returns its id. */
    static String organization(String parent) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Org"));
        if (parent != null) {
            body.put("parent_id", parent);
        }
        return asAdmin().body(body).post(ORGS).then().statusCode(201).extract().path("data.id");
    }

    /** A new space of the organization, as the super admin; returns its id. */
    static String space(String organization) {
        String id = unique("space_o");
        asAdmin().body(Map.of("id", id, "name", "Space " + id, "organization_id", organization)).post("/api/v1/spaces").then()
                .statusCode(201).body("data.organization_id", equalTo(organization));
        return id;
    }

    /** An actor of a new member of the space allowed to approve a new resource of a new type there. */
    record World(String space, Map<String, Object> actor, String type, String resource) {

        static World in(String space) {
            String type = AccessFixtures.type("approve");
            String permission = AccessFixtures.permission(type, "approve", "space");
            String role = AccessFixtures.role(space);
            asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post("/api/v1/role-permissions").then()
                    .statusCode(201);
            String user = unique("user_ow");
            TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?)", user, user + "@example.com");
            String member = AccessFixtures.member(space);
            String binding = unique("um_ow");
            TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES (?, ?, ?, ?, 'login')",
                    binding, space, user, member);
            asAdmin().body(Map.of("member_id", member, "role_id", role)).post("/api/v1/spaces/" + space + "/member-roles").then()
                    .statusCode(201);
            String resource = unique("res_ow");
            TestDatabase.update("INSERT INTO resources (id, space_id, resource_type, display_name) VALUES (?, ?, ?, ?)",
                    resource, space, type, resource);
            Map<String, Object> actor = new LinkedHashMap<>();
            actor.put("user_id", user);
            actor.put("member_id", member);
            actor.put("user_member_id", binding);
            actor.put("space_id", space);
            return new World(space, actor, type, resource);
        }

        Map<String, Object> check() {
            return Map.of("actor", actor, "resource_type", type, "resource_id", resource, "action", "approve");
        }
    }
}
