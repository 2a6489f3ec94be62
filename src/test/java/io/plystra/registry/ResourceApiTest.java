package io.plystra.registry;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DemoProfile.class)
class ResourceApiTest {

    static final String RESOURCES = "/api/v1/spaces/space_acme/resources";

    @Test
    void createsReadsPatchesArchivesAndRestoresWithAnAuditRowEach() {
        String type = AccessFixtures.type("sign");
        String id = unique("res_t");
        asAdmin().body(Map.of("id", id, "resource_type", type, "group_id", "group_finance_apac",
                        "owner_member_id", "member_invoice_creator", "display_name", "Contract 1",
                        "metadata", Map.of("amount", 5000, "tags", List.of("nda", "apac"))))
                .post(RESOURCES).then().statusCode(201).body("data.id", equalTo(id)).body("data.space_id", equalTo("space_acme"))
                .body("data.resource_type", equalTo(type)).body("data.group_id", equalTo("group_finance_apac"))
                .body("data.metadata.amount", equalTo(5000)).body("data.metadata.tags[1]", equalTo("apac"))
                .body("data.status", equalTo("active"));
        asAdmin().get(RESOURCES + "/" + id).then().statusCode(200).body("data.display_name", equalTo("Contract 1"));
        asAdmin().get("/api/v1/resources/" + type + "/" + id).then().statusCode(200).body("data.space_id", equalTo("space_acme"))
                .body("data.metadata.tags[0]", equalTo("nda"));
        Map<String, Object> patch = new HashMap<>();
        patch.put("group_id", null);
        patch.put("display_name", "Contract one");
        patch.put("metadata", Map.of("amount", 6000));
        asAdmin().body(patch).patch(RESOURCES + "/" + id).then().statusCode(200)
                .body("data.group_id", nullValue()).body("data.display_name", equalTo("Contract one"))
                .body("data.metadata.amount", equalTo(6000)).body("data.metadata.tags", nullValue())
                .body("data.owner_member_id", equalTo("member_invoice_creator"));
        asAdmin().post(RESOURCES + "/" + id + "/archive").then().statusCode(200).body("data.status", equalTo("archived"));
        asAdmin().post(RESOURCES + "/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        assertEquals(List.of("resource.created", "resource.updated", "resource.archived", "resource.restored"), auditActions(id));
        assertEquals("space_acme", lastAudit(id, "space_id"));
        assertEquals("6000", lastAudit(id, "trace->'after'->'metadata'->>'amount'"));
        assertEquals("6000", TestDatabase.rows("SELECT metadata->>'amount' AS amount FROM resources WHERE id = ?", id)
                .get(0).get("amount"), "metadata is stored as a jsonb object");
    }

    /**
     * Resource ids are unique per space: another tenant can take the same id (no 409 to probe with,
     * nothing to squat), each space's routes and decisions see their own, and the type-and-id route
     * answers within the caller's reach.
     */
    @Test
    void resourceIdsAreUniquePerSpace() {
        String id = unique("invoice_dup");
        String other = AccessFixtures.space();
        asAdmin().body(Map.of("id", id, "resource_type", "invoice", "group_id", "group_finance_apac", "display_name", "Ours"))
                .post(RESOURCES).then().statusCode(201);
        asAdmin().body(Map.of("id", id, "resource_type", "invoice", "display_name", "Other tenant's invoice"))
                .post("/api/v1/spaces/" + other + "/resources").then().statusCode(201).body("data.space_id", equalTo(other));
        asAdmin().body(Map.of("id", id, "resource_type", "invoice", "display_name", "again"))
                .post("/api/v1/spaces/" + other + "/resources").then().statusCode(409);
        asAdmin().get(RESOURCES + "/" + id).then().statusCode(200).body("data.display_name", equalTo("Ours"));
        asAdmin().get("/api/v1/spaces/" + other + "/resources/" + id).then().statusCode(200)
                .body("data.display_name", equalTo("Other tenant's invoice"));
        asAdmin().post("/api/v1/spaces/" + other + "/resources/" + id + "/archive").then().statusCode(200);
        asAdmin().get(RESOURCES + "/" + id).then().body("data.status", equalTo("active"));

        // Decisions in space_acme read space_acme's resource (the other one, archived, has no effect).
        asAdmin().body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", id, "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));

        // The type-and-id route: one match in reach answers it; several ask for the space.
        as(AccessFixtures.spaceAdmin(other)).get("/api/v1/resources/invoice/" + id).then().statusCode(200)
                .body("data.space_id", equalTo(other));
        asAdmin().get("/api/v1/resources/invoice/" + id).then().statusCode(400)
                .body("error.details.fields.id", org.hamcrest.Matchers.containsString("2 spaces"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get(RESOURCES + "/res_missing").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().body(Map.of("display_name", "x")).patch(RESOURCES + "/res_missing").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().post(RESOURCES + "/res_missing/archive").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().post(RESOURCES + "/res_missing/restore").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().get("/api/v1/resources/invoice/res_missing").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().get("/api/v1/resources/contract/invoice_001").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().get("/api/v1/spaces/space_missing/resources").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        String other = AccessFixtures.space();
        asAdmin().post("/api/v1/spaces/" + other + "/resources/invoice_001/archive").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().get(RESOURCES + "/invoice_001").then().body("data.status", equalTo("active"));
    }

    @Test
    void groupAndOwnerMustBelongToThisSpace() {
        String type = AccessFixtures.type("sign");
        String other = AccessFixtures.space();
        String foreignGroup = AccessFixtures.group(other);
        String foreignMember = AccessFixtures.member(other);
        asAdmin().body(Map.of("resource_type", type, "group_id", foreignGroup)).post(RESOURCES).then().statusCode(400)
                .body("error.details.fields.group_id", equalTo("must be a group of this space"));
        asAdmin().body(Map.of("resource_type", type, "owner_member_id", foreignMember)).post(RESOURCES).then().statusCode(400)
                .body("error.details.fields.owner_member_id", equalTo("must be a member of this space"));
        asAdmin().body(Map.of("group_id", foreignGroup)).patch(RESOURCES + "/invoice_001").then().statusCode(400)
                .body("error.details.fields.group_id", equalTo("must be a group of this space"));
        asAdmin().body(Map.of("owner_member_id", foreignMember)).patch(RESOURCES + "/invoice_001").then().statusCode(400)
                .body("error.details.fields.owner_member_id", equalTo("must be a member of this space"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM resources WHERE resource_type = ?", type).isEmpty());
        asAdmin().get(RESOURCES + "/invoice_001").then().body("data.group_id", equalTo("group_finance_apac"))
                .body("data.owner_member_id", equalTo("member_invoice_creator"));
    }

    @Test
    void typeMustBeRegisteredActiveAndNeverChanges() {
        asAdmin().body(Map.of("resource_type", "unregistered")).post(RESOURCES).then().statusCode(400)
                .body("error.details.fields.resource_type", equalTo("must be an active registered resource type"));
        String disabled = unique("t");
        TestDatabase.update("INSERT INTO resource_types (id, key, display_name, status) VALUES (?, ?, 'Disabled', 'disabled')",
                unique("rt"), disabled);
        asAdmin().body(Map.of("resource_type", disabled)).post(RESOURCES).then().statusCode(400)
                .body("error.details.fields.resource_type", equalTo("must be an active registered resource type"));
        asAdmin().body(Map.of("display_name", "x")).post(RESOURCES).then().statusCode(400)
                .body("error.details.fields.resource_type", equalTo("is required"));
        asAdmin().body(Map.of("resource_type", "contract")).patch(RESOURCES + "/invoice_001").then().statusCode(400)
                .body("error.details.fields.resource_type", equalTo("cannot be changed"));
        asAdmin().body(Map.of("metadata", List.of(1, 2))).patch(RESOURCES + "/invoice_001").then().statusCode(400)
                .body("error.details.fields.metadata", equalTo("must be a JSON object"));
        asAdmin().body(Map.of("resource_type", "invoice", "metadata", "text")).post(RESOURCES).then().statusCode(400)
                .body("error.details.fields.metadata", equalTo("has the wrong type or format"));
        asAdmin().get(RESOURCES + "/invoice_001").then().body("data.resource_type", equalTo("invoice"))
                .body("data.metadata.currency", equalTo("USD"));
    }

    @Test
    void takenIdIsConflict() {
        asAdmin().body(Map.of("id", "invoice_001", "resource_type", "invoice")).post(RESOURCES).then().statusCode(409)
                .body("error.code", equalTo("RESOURCE_CONFLICT"));
        String type = AccessFixtures.type("sign");
        asAdmin().body(Map.of("id", "invoice_002", "resource_type", type)).post(RESOURCES).then().statusCode(409)
                .body("error.code", equalTo("RESOURCE_CONFLICT"));
        assertEquals(1, TestDatabase.rows("SELECT 1 FROM resources WHERE id = 'invoice_002'").size());
    }

    @Test
    void paginatedWalkAndFiltersSeeEveryResourceOnce() {
        String type = AccessFixtures.type("sign");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> body = new HashMap<>(Map.of("resource_type", type, "display_name", "R" + i));
            if (i % 2 == 0) {
                body.put("group_id", "group_legal");
            } else {
                body.put("owner_member_id", "member_finance_reviewer");
            }
            created.add(asAdmin().body(body).post(RESOURCES).then().statusCode(201).extract().path("data.id"));
        }
        assertEquals(created, walk(RESOURCES, Map.of("resource_type", type)));
        assertEquals(List.of(created.get(0), created.get(2), created.get(4)),
                walk(RESOURCES, Map.of("resource_type", type, "group_id", "group_legal")));
        assertEquals(List.of(created.get(1), created.get(3)),
                walk(RESOURCES, Map.of("resource_type", type, "owner_member_id", "member_finance_reviewer")));
        asAdmin().post(RESOURCES + "/" + created.get(2) + "/archive").then().statusCode(200);
        assertEquals(List.of(created.get(2)), walk(RESOURCES, Map.of("resource_type", type, "status", "archived")));
        asAdmin().get(RESOURCES + "?status=disabled").then().statusCode(400)
                .body("error.details.fields.status", equalTo("must be one of [active, archived]"));
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get(RESOURCES).then().statusCode(403).body("error.details.permission", equalTo("resources:read"));
        as(Api.BOB).get("/api/v1/resources/invoice/invoice_001").then().statusCode(403);
        as(Api.BOB).body(Map.of("resource_type", "invoice", "display_name", "Nope")).post(RESOURCES).then().statusCode(403)
                .body("error.details.permission", equalTo("resources:manage"));
        as(Api.BOB).post(RESOURCES + "/invoice_001/archive").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM resources WHERE display_name = 'Nope'").isEmpty());
        asAdmin().get(RESOURCES + "/invoice_001").then().body("data.status", equalTo("active"));
    }

    @Test
    void spaceAdminReadsByTypeOnlyInItsOwnSpace() {
        String space = AccessFixtures.space();
        String admin = AccessFixtures.spaceAdmin(space);
        String id = as(admin).body(Map.of("resource_type", "invoice")).post("/api/v1/spaces/" + space + "/resources")
                .then().statusCode(201).extract().path("data.id");
        as(admin).get("/api/v1/resources/invoice/" + id).then().statusCode(200).body("data.space_id", equalTo(space));
        // Another space's resource answers as an unknown one: its existence is not disclosed.
        as(admin).get("/api/v1/resources/invoice/invoice_001").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
    }
}
