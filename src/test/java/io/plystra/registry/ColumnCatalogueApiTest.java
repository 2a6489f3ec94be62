package io.plystra.registry;

import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
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
class ColumnCatalogueApiTest {

    static String columns(String type) {
        return "/api/v1/resource-types/" + type + "/columns";
    }

    static String groups(String type) {
        return "/api/v1/resource-types/" + type + "/column-groups";
    }

    static Map<String, Object> column(String name, String description) {
        Map<String, Object> c = new HashMap<>();
        c.put("name", name);
        if (description != null) {
            c.put("description", description);
        }
        return c;
    }

    static Map<String, Object> catalogue(String... names) {
        List<Map<String, Object>> cs = new ArrayList<>();
        for (String n : names) {
            cs.add(column(n, null));
        }
        return Map.of("columns", cs);
    }

    static String typeId(String key) {
        return TestDatabase.rows("SELECT id FROM resource_types WHERE key = ?", key).get(0).get("id").toString();
    }

    @Test
    void theCatalogueIsReplacedWholeInOrderAndAudited() {
        String type = AccessFixtures.type("read");
        asAdmin().get(columns(type)).then().statusCode(200).body("data.count", equalTo(0)).body("data.columns", hasSize(0));
        asAdmin().body(Map.of("columns", List.of(column("id", "the key"), column("email", null), column("phone", null))))
                .put(columns(type)).then().statusCode(200)
                .body("data.resource_type", equalTo(type)).body("data.count", equalTo(3))
                .body("data.columns.name", contains("id", "email", "phone")).body("data.columns.position", contains(1, 2, 3))
                .body("data.columns[0].description", equalTo("the key")).body("data.columns[1].description", nullValue());
        asAdmin().body(catalogue("phone", "id", "Created_At")).put(columns(type)).then().statusCode(200)
                .body("data.columns.name", contains("phone", "id", "Created_At"));
        asAdmin().get(columns(type)).then().statusCode(200).body("data.columns.name", contains("phone", "id", "Created_At"))
                .body("data.columns.position", contains(1, 2, 3));
        String id = typeId(type);
        assertEquals(List.of("resource_type.created", "column_catalogue.replaced", "column_catalogue.replaced"), auditActions(id));
        assertEquals("[\"Created_At\"]", lastAudit(id, "trace->'after'->>'added'"));
        assertEquals("[\"email\"]", lastAudit(id, "trace->'after'->>'removed'"));
        // an empty list empties it
        asAdmin().body(Map.of("columns", List.of())).put(columns(type)).then().statusCode(200).body("data.count", equalTo(0));
        // 4,096 columns at most, in one write
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            many.add(column("c" + i, null));
        }
        long start = System.nanoTime();
        asAdmin().body(Map.of("columns", many)).put(columns(type)).then().statusCode(200).body("data.count", equalTo(4096));
        System.out.printf("catalogue of 4096 columns replaced in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        many.add(column("c4096", null));
        asAdmin().body(Map.of("columns", many)).put(columns(type)).then().statusCode(400)
                .body("error.details.fields.columns", equalTo("must hold at most 4096 columns"));
    }

    @Test
    void badCataloguesAre400AndChangeNothing() {
        String type = AccessFixtures.type("read");
        asAdmin().body(catalogue("a", "b")).put(columns(type)).then().statusCode(200);
        asAdmin().body(catalogue("ok", "1bad")).put(columns(type)).then().statusCode(400)
                .body("error.details.fields.'columns[1].name'", equalTo("must match [A-Za-z_][A-Za-z0-9_]{0,62} (an SQL identifier)"));
        asAdmin().body(catalogue("email", "x", "EMAIL")).put(columns(type)).then().statusCode(400)
                .body("error.details.fields.'columns[2].name'",
                        equalTo("names the same column as columns[0] (names are unique ignoring case)"));
        asAdmin().body(catalogue("a".repeat(64))).put(columns(type)).then().statusCode(400);
        asAdmin().body(Map.of()).put(columns(type)).then().statusCode(400)
                .body("error.details.fields.columns", equalTo("is required (an empty list empties the catalogue)"));
        asAdmin().body(Map.of("columns", List.of(Map.of("name", "a", "width", 3)))).put(columns(type)).then().statusCode(400);
        asAdmin().get(columns(type)).then().body("data.columns.name", contains("a", "b"));
        asAdmin().get(columns("type_missing")).then().statusCode(404).body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().body(catalogue("a")).put(columns("type_missing")).then().statusCode(404);
    }

    @Test
    void groupsNameKnownColumnsAndHoldTheCatalogueBack() {
        String type = AccessFixtures.type("read");
        asAdmin().body(catalogue("id", "email", "phone", "amount")).put(columns(type)).then().statusCode(200);
        String id = asAdmin().body(Map.of("key", "pii_basic", "description", "contact data", "columns", List.of("phone", "email", "phone")))
                .post(groups(type)).then().statusCode(201)
                .body("data.key", equalTo("pii_basic")).body("data.resource_type", equalTo(type))
                .body("data.columns", contains("email", "phone")).body("data.description", equalTo("contact data"))
                .extract().path("data.id");
        asAdmin().body(Map.of("key", "pii_basic", "columns", List.of("id"))).post(groups(type)).then().statusCode(409)
                .body("error.code", equalTo("COLUMN_GROUP_CONFLICT"));
        asAdmin().body(Map.of("key", "bad", "columns", List.of("email", "ssn", "dob"))).post(groups(type)).then().statusCode(400)
                .body("error.details.fields.columns", equalTo("unknown columns of this resource type: [ssn, dob]"));
        asAdmin().body(Map.of("key", "empty", "columns", List.of())).post(groups(type)).then().statusCode(400);
        asAdmin().body(Map.of("key", "Bad-Key", "columns", List.of("id"))).post(groups(type)).then().statusCode(400);
        asAdmin().body(Map.of("key", "money", "columns", List.of("amount"))).post(groups(type)).then().statusCode(201);
        asAdmin().get(groups(type)).then().statusCode(200).body("data.key", contains("pii_basic", "money"));
        asAdmin().get(groups(type) + "/pii_basic").then().statusCode(200).body("data.id", equalTo(id));

        // dropping a column a group uses: 409 naming the group and the column
        asAdmin().body(catalogue("id", "phone", "amount")).put(columns(type)).then().statusCode(409)
                .body("error.code", equalTo("COLUMN_CATALOGUE_CONFLICT"))
                .body("error.details.groups.pii_basic", contains("email"));
        asAdmin().get(columns(type)).then().body("data.columns.name", contains("id", "email", "phone", "amount"));
        // reordering or adding is fine; the group follows the catalogue order
        asAdmin().body(catalogue("phone", "email", "id", "amount", "notes")).put(columns(type)).then().statusCode(200);

        asAdmin().body(Map.of("columns", List.of("id", "nope"))).patch(groups(type) + "/pii_basic").then().statusCode(400)
                .body("error.details.fields.columns", equalTo("unknown columns of this resource type: [nope]"));
        asAdmin().body(Map.of("key", "other")).patch(groups(type) + "/pii_basic").then().statusCode(400)
                .body("error.details.fields.key", equalTo("cannot be changed"));
        asAdmin().body(Map.of("columns", List.of("email", "phone", "notes"))).patch(groups(type) + "/pii_basic").then()
                .statusCode(200).body("data.columns", contains("phone", "email", "notes")).body("data.description", equalTo("contact data"));
        asAdmin().body(catalogue("phone", "email", "id", "amount")).put(columns(type)).then().statusCode(409)
                .body("error.details.groups.pii_basic", contains("notes"));
        asAdmin().delete(groups(type) + "/pii_basic").then().statusCode(200).body("data.key", equalTo("pii_basic"));
        asAdmin().get(groups(type) + "/pii_basic").then().statusCode(404).body("error.code", equalTo("COLUMN_GROUP_NOT_FOUND"));
        asAdmin().delete(groups(type) + "/pii_basic").then().statusCode(404);
        asAdmin().body(catalogue("phone", "email", "id", "amount")).put(columns(type)).then().statusCode(200);

        assertEquals(List.of("column_group.created", "column_group.updated", "column_group.deleted"), auditActions(id));
        assertEquals(type, lastAudit(id, "trace->'after'->>'resource_type'"));
        asAdmin().get(groups("type_missing")).then().statusCode(404).body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().get(groups(type) + "/missing").then().statusCode(404).body("error.code", equalTo("COLUMN_GROUP_NOT_FOUND"));
    }

    @Test
    void onlyAnInstanceRegistryManagerChangesThem() {
        String type = AccessFixtures.type("read");
        asAdmin().body(catalogue("a", "b")).put(columns(type)).then().statusCode(200);
        as(Api.BOB).get(columns(type)).then().statusCode(403).body("error.details.permission", equalTo("registry:read"));
        as(Api.BOB).body(catalogue("x")).put(columns(type)).then().statusCode(403)
                .body("error.details.permission", equalTo("registry:manage"));
        String spaceAdmin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(spaceAdmin).get(columns(type)).then().statusCode(200);
        as(spaceAdmin).body(catalogue("x")).put(columns(type)).then().statusCode(403);
        as(spaceAdmin).body(Map.of("key", "g", "columns", List.of("a"))).post(groups(type)).then().statusCode(403);
        as(spaceAdmin).get(groups(type)).then().statusCode(200);
        asAdmin().get(columns(type)).then().body("data.columns.name", contains("a", "b"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM column_groups WHERE resource_type_id = ?", typeId(type)).isEmpty());
    }
}
