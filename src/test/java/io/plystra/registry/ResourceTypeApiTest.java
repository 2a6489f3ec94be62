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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
class ResourceTypeApiTest {

    static final String TYPES = "/api/v1/resource-types";

    @Test
    void upsertCreatesThenUpdatesTheSameTypeWithAnAuditRowEach() {
        String key = unique("contract");
        String id = asAdmin().body(Map.of("key", key, "display_name", "Contract", "description", "Signed papers")).post(TYPES)
                .then().statusCode(201).body("data.key", equalTo(key)).body("data.status", equalTo("active"))
                .extract().path("data.id");
        asAdmin().body(Map.of("key", key, "display_name", "Customer contract")).post(TYPES)
                .then().statusCode(200).body("data.id", equalTo(id)).body("data.display_name", equalTo("Customer contract"))
                .body("data.description", nullValue());
        asAdmin().get(TYPES + "/" + key).then().statusCode(200).body("data.id", equalTo(id))
                .body("data.display_name", equalTo("Customer contract"));
        asAdmin().get(TYPES + "/invoice").then().statusCode(200).body("data.id", equalTo("rt_invoice"));

        assertEquals(List.of("resource_type.created", "resource_type.updated"), auditActions(id));
        assertNull(lastAudit(id, "space_id"), "the registry is instance-wide");
        assertEquals(key, lastAudit(id, "trace->'after'->>'key'"));
    }

    @Test
    void actionUpsertCreatesThenUpdatesAndListsWithPagination() {
        String key = AccessFixtures.type();
        String actions = TYPES + "/" + key + "/actions";
        List<String> created = new ArrayList<>();
        for (String action : List.of("stamp", "sign", "void", "seal", "renew")) {
            created.add(asAdmin().body(Map.of("key", action, "display_name", action)).post(actions).then().statusCode(201)
                    .body("data.resource_type", equalTo(key)).body("data.risk_level", equalTo("normal"))
                    .body("data.audit_default", equalTo(true)).extract().path("data.id"));
        }
        asAdmin().body(Map.of("key", "sign", "display_name", "Sign", "risk_level", "critical", "audit_default", false))
                .post(actions).then().statusCode(200).body("data.id", equalTo(created.get(1)))
                .body("data.risk_level", equalTo("critical")).body("data.audit_default", equalTo(false));

        assertEquals(created, walk(actions, Map.of()));
        assertEquals(List.of("resource_action.created", "resource_action.updated"), auditActions(created.get(1)));
        assertEquals("critical", lastAudit(created.get(1), "trace->'after'->>'risk_level'"));
        asAdmin().body(Map.of("key", "sign", "display_name", "Sign", "risk_level", "extreme")).post(actions).then().statusCode(400)
                .body("error.details.fields.risk_level", equalTo("must be one of [critical, high, low, normal]"));
    }

    @Test
    void anActionOfTheStandardCatalogueTakesItsRiskLevelUnlessOneIsGiven() {
        String key = AccessFixtures.type();
        String actions = TYPES + "/" + key + "/actions";
        Map<String, String> expected = Map.of("impersonate", "critical", "bypass", "critical", "override", "critical",
                "truncate", "critical", "read", "low", "delete", "high", "approve", "normal", "countersign", "normal");
        expected.forEach((action, risk) -> {
            String id = asAdmin().body(Map.of("key", action, "display_name", action)).post(actions).then().statusCode(201)
                    .body("data.risk_level", equalTo(risk)).extract().path("data.id");
            assertEquals(risk, lastAudit(id, "trace->'after'->>'risk_level'"), "the audit row records the level taken");
        });
        asAdmin().body(Map.of("key", "impersonate", "display_name", "Impersonate", "risk_level", "high")).post(actions).then()
                .statusCode(200).body("data.risk_level", equalTo("high"));
        asAdmin().body(Map.of("key", "impersonate", "display_name", "Impersonate")).post(actions).then()
                .statusCode(200).body("data.risk_level", equalTo("critical"));
    }

    @Test
    void theStandardCatalogueIsSeededAndListed() {
        List<Map<String, Object>> seeded = TestDatabase.rows("SELECT key, risk_level FROM standard_actions ORDER BY key");
        assertEquals(44, seeded.size());
        assertEquals(List.of("bypass", "impersonate", "override", "truncate"), seeded.stream()
                .filter(r -> "critical".equals(r.get("risk_level"))).map(r -> r.get("key")).toList());
        List<String> spec = List.of("create", "read", "view", "update", "edit", "delete", "list", "manage", "admin", "assign",
                "unassign", "grant", "revoke", "own", "transfer", "share", "export", "import", "backup", "restore", "execute",
                "invoke", "call", "select", "insert", "update_rows", "delete_rows", "truncate", "audit", "monitor", "inspect",
                "approve", "reject", "submit", "cancel", "impersonate", "bypass", "override");
        List<Object> keys = seeded.stream().map(r -> r.get("key")).toList();
        assertTrue(keys.containsAll(spec), "every action the catalogue names");
        asAdmin().get("/api/v1/standard-actions").then().statusCode(200).body("data.size()", equalTo(44))
                .body("data[0].key", equalTo("admin")).body("data.find { it.key == 'impersonate' }.risk_level", equalTo("critical"))
                .body("data.find { it.key == 'update_rows' }.display_name", equalTo("Update rows"));
        as(Api.BOB).get("/api/v1/standard-actions").then().statusCode(403).body("error.details.permission", equalTo("registry:read"));
        io.restassured.RestAssured.given().get("/api/v1/standard-actions").then().statusCode(401);
    }

    @Test
    void aTypeWithoutAStoredMappingHasTheDefaultOneUntilAPutReplacesIt() {
        String key = AccessFixtures.type();
        String mapping = TYPES + "/" + key + "/mapping";
        asAdmin().get(mapping).then().statusCode(200).body("data.resource_type", equalTo(key))
                .body("data.storage_kind", equalTo("internal_table")).body("data.id_field", equalTo("id"))
                .body("data.space_field", equalTo("space_id")).body("data.group_field", equalTo("group_id"))
                .body("data.owner_field", equalTo("owner_member_id")).body("data.display_name_field", equalTo("display_name"))
                .body("data.is_default", equalTo(true));
        asAdmin().body(Map.of("id_field", "contract_no", "display_name_field", "title")).put(mapping).then().statusCode(200)
                .body("data.id_field", equalTo("contract_no")).body("data.display_name_field", equalTo("title"))
                .body("data.group_field", equalTo("group_id")).body("data.is_default", equalTo(false));
        asAdmin().body(Map.of("owner_field", "signer")).put(mapping).then().statusCode(200)
                .body("data.owner_field", equalTo("signer")).body("data.id_field", equalTo("id"));
        asAdmin().get(mapping).then().statusCode(200).body("data.owner_field", equalTo("signer"))
                .body("data.is_default", equalTo(false));

        String typeId = TestDatabase.rows("SELECT id FROM resource_types WHERE key = ?", key).get(0).get("id").toString();
        assertEquals(List.of("resource_type.created", "resource_mapping.upserted", "resource_mapping.upserted"), auditActions(typeId));
        asAdmin().body(Map.of("storage_kind", "s3_bucket")).put(mapping).then().statusCode(400)
                .body("error.details.fields.storage_kind", equalTo("must be one of [internal_table] in v1.0"));
        asAdmin().body(Map.of("id_field", "Id; DROP")).put(mapping).then().statusCode(400)
                .body("error.details.fields.id_field", equalTo("must match [a-z][a-z0-9_]{0,63}"));
        asAdmin().get(mapping).then().body("data.owner_field", equalTo("signer"));
    }

    @Test
    void unknownTypeIsNotFoundOnEveryRoute() {
        String missing = TYPES + "/type_missing";
        asAdmin().get(missing).then().statusCode(404).body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().get(missing + "/actions").then().statusCode(404).body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().body(Map.of("key", "sign", "display_name", "Sign")).post(missing + "/actions").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().get(missing + "/mapping").then().statusCode(404).body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().body(Map.of("id_field", "id")).put(missing + "/mapping").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM resource_types WHERE key = 'type_missing'").isEmpty());
    }

    @Test
    void keysAndNamesAreValidated() {
        asAdmin().body(Map.of("key", "Contract", "display_name", "x")).post(TYPES).then().statusCode(400)
                .body("error.details.fields.key", equalTo("must match [a-z][a-z0-9_]{0,63}"));
        asAdmin().body(Map.of("key", unique("t"))).post(TYPES).then().statusCode(400)
                .body("error.details.fields.display_name", equalTo("is required"));
        asAdmin().body(Map.of("key", unique("t"), "display_name", "x", "status", "disabled")).post(TYPES).then().statusCode(400)
                .body("error.details.fields.status", equalTo("unknown field"));
        asAdmin().body(Map.of("key", "9lives", "display_name", "x")).post(TYPES + "/invoice/actions").then().statusCode(400)
                .body("error.details.fields.key", equalTo("must match [a-z][a-z0-9_]{0,63}"));
        asAdmin().get(TYPES + "?status=archived").then().statusCode(400)
                .body("error.details.fields.status", equalTo("must be one of [active, disabled]"));
    }

    @Test
    void paginatedWalkSeesEveryTypeOnceInRegistrationOrder() {
        List<String> keys = List.of(AccessFixtures.type(), AccessFixtures.type(), AccessFixtures.type());
        List<String> ids = keys.stream()
                .map(k -> TestDatabase.rows("SELECT id FROM resource_types WHERE key = ?", k).get(0).get("id").toString()).toList();
        List<String> seen = walk(TYPES, Map.of());
        assertTrue(seen.contains("rt_invoice"));
        List<String> ours = seen.stream().filter(ids::contains).toList();
        assertEquals(ids, ours);
    }

    @Test
    void nonAdminIsForbidden() {
        String key = unique("nope");
        as(Api.BOB).get(TYPES).then().statusCode(403).body("error.details.permission", equalTo("registry:read"));
        as(Api.BOB).get(TYPES + "/invoice/mapping").then().statusCode(403);
        as(Api.BOB).body(Map.of("key", key, "display_name", "Nope")).post(TYPES).then().statusCode(403)
                .body("error.details.permission", equalTo("registry:manage"));
        as(Api.BOB).body(Map.of("key", "sign", "display_name", "Sign")).post(TYPES + "/invoice/actions").then().statusCode(403);
        as(Api.BOB).body(Map.of("id_field", "x")).put(TYPES + "/invoice/mapping").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM resource_types WHERE key = ?", key).isEmpty());
        assertTrue(TestDatabase.rows("SELECT 1 FROM resource_actions WHERE resource_type_id = 'rt_invoice' AND key = 'sign'").isEmpty());
    }

    @Test
    void spaceAdminReadsTheRegistryButCannotChangeIt() {
        String admin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(admin).get(TYPES + "/invoice").then().statusCode(200);
        as(admin).body(Map.of("key", "invoice", "display_name", "Hijacked")).post(TYPES).then().statusCode(403)
                .body("error.details.permission", equalTo("registry:manage"));
        asAdmin().get(TYPES + "/invoice").then().body("data.display_name", equalTo("Invoice"));
    }
}
