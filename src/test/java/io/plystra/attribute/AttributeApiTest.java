package io.plystra.attribute;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.kernel.Timestamps;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DemoProfile.class)
class AttributeApiTest {

    static String attributes(String space) {
        return "/api/v1/spaces/" + space + "/attributes";
    }

    static String member(String space, String member) {
        return attributes(space) + "/members/" + member;
    }

    /** A resource row of the space (a direct insert; resources have their own tests). */
    static String resource(String space, String type) {
        String id = unique("r");
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type) VALUES (?, ?, ?)", id, space, type);
        return id;
    }

    static Map<String, Object> body(Object value) {
        Map<String, Object> body = new HashMap<>();
        body.put("value", value);
        return body;
    }

    static Map<String, Object> body(Object value, String type) {
        Map<String, Object> body = body(value);
        body.put("type", type);
        return body;
    }

    @Test
    void typedValuesAreStoredReadAndAuditedExactly() {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        String path = member(space, m);
        asAdmin().body(body("finance")).put(path + "/department").then().statusCode(201)
                .body("data.kind", equalTo("members")).body("data.subject", equalTo(m)).body("data.space_id", equalTo(space))
                .body("data.key", equalTo("department")).body("data.value", equalTo("finance")).body("data.type", equalTo("string"))
                .body("data.expires_at", nullValue()).body("data.created_at", notNullValue());
        // a number keeps every digit (the body is read with exact decimals)
        asAdmin().body("{\"value\": 12345678901234567890.125}").put(path + "/limit").then().statusCode(201)
                .body("data.type", equalTo("number"));
        asAdmin().body(body(true)).put(path + "/mfa").then().statusCode(201).body("data.type", equalTo("boolean"))
                .body("data.value", equalTo(true));
        asAdmin().body(body(List.of("eu", "apac"))).put(path + "/regions").then().statusCode(201)
                .body("data.type", equalTo("string_list")).body("data.value", contains("eu", "apac"));
        asAdmin().body(body("2026-12-01T10:00:00+02:00", "timestamp")).put(path + "/hired.at").then().statusCode(201)
                .body("data.type", equalTo("timestamp")).body("data.value", equalTo("2026-12-01T08:00:00Z"));
        asAdmin().body(body("42", "string")).put(path + "/code").then().statusCode(201).body("data.value", equalTo("42"));

        Response all = asAdmin().get(path);
        all.then().statusCode(200).body("data.kind", equalTo("members")).body("data.subject", equalTo(m))
                .body("data.attributes.key", contains("code", "department", "hired.at", "limit", "mfa", "regions"));
        BigDecimal limit = all.then().extract().jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(
                JsonPathConfig.NumberReturnType.BIG_DECIMAL)).get("data.attributes.find { it.key == 'limit' }.value");
        assertEquals(new BigDecimal("12345678901234567890.125"), limit);
        asAdmin().get(path + "/regions").then().statusCode(200).body("data.value", contains("eu", "apac"));

        // a set of an existing key replaces it (200), keeping when it was first set
        String createdAt = asAdmin().get(path + "/department").then().extract().path("data.created_at");
        asAdmin().body(body("legal")).put(path + "/department").then().statusCode(200)
                .body("data.value", equalTo("legal")).body("data.created_at", equalTo(createdAt));
        asAdmin().body(body(7)).put(path + "/department").then().statusCode(200).body("data.type", equalTo("number"));

        assertEquals(List.of("attribute.set", "attribute.set", "attribute.set"), auditActions("member:" + m + ":department"));
        assertEquals(space, lastAudit("member:" + m + ":department", "space_id"));
        assertEquals("7", lastAudit("member:" + m + ":department", "trace->'after'->>'value'"));
        assertEquals("false", lastAudit("member:" + m + ":department", "trace->'facts'->>'created'").toString());
    }

    @Test
    void wrongTypesAndBadInputAre400AndChangeNothing() {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        String path = member(space, m) + "/k";
        asAdmin().body(body("yesterday", "timestamp")).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("must be an RFC 3339 timestamp in the years 0001 to 9999, such as "
                        + "2026-11-23T18:31:40Z for type timestamp"));
        asAdmin().body(body("10", "number")).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("must be a number for type number"));
        asAdmin().body(body(1, "boolean")).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("must be a boolean for type boolean"));
        asAdmin().body(body("a", "string_list")).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("must be a list of strings for type string_list"));
        asAdmin().body(body("a", "date")).put(path).then().statusCode(400)
                .body("error.details.fields.type", equalTo("must be one of [boolean, number, string, string_list, timestamp]"));
        asAdmin().body(body(Map.of("a", 1))).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("must be a string, a number, a boolean or a list of strings"));
        asAdmin().body(Map.of("type", "string")).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("is required"));
        asAdmin().body(body(null)).put(path).then().statusCode(400).body("error.details.fields.value", equalTo("is required"));
        asAdmin().body(body(List.of("a", 1))).put(path).then().statusCode(400)
                .body("error.details.fields.'value[1]'", equalTo("must be a string"));
        asAdmin().body(body("x".repeat(1025))).put(path).then().statusCode(400);
        asAdmin().body(body(Collections.nCopies(257, "x"))).put(path).then().statusCode(400)
                .body("error.details.fields.value", equalTo("must hold at most 256 strings"));
        asAdmin().body(body("x")).put(member(space, m) + "/" + "k".repeat(129)).then().statusCode(400)
                .body("error.details.fields.key", equalTo(AttributeValue.KEY_RULE));
        asAdmin().body(body("x")).put(member(space, m) + "/bad:key").then().statusCode(400)
                .body("error.details.fields.key", equalTo(AttributeValue.KEY_RULE));
        Map<String, Object> past = body("x");
        past.put("expires_at", "2020-01-01T00:00:00Z");
        asAdmin().body(past).put(path).then().statusCode(400).body("error.details.fields.expires_at", equalTo("must be in the future"));
        past.put("expires_at", "soon");
        asAdmin().body(past).put(path).then().statusCode(400).body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
        Map<String, Object> unknown = body("x");
        unknown.put("ttl", 5);
        asAdmin().body(unknown).put(path).then().statusCode(400);
        asAdmin().body("[1]").put(path).then().statusCode(400);
        assertTrue(TestDatabase.rows("SELECT 1 FROM attributes WHERE subject_id = ?", m).isEmpty());
        assertTrue(TestDatabase.rows("SELECT 1 FROM attribute_history WHERE subject_id = ?", m).isEmpty());
    }

    @Test
    void anExpiredAttributeIsAbsentFromReadsButKeptInHistory() {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        String path = member(space, m);
        Map<String, Object> soon = body("contractor");
        soon.put("expires_at", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        asAdmin().body(soon).put(path + "/status").then().statusCode(201).body("data.expires_at", equalTo(soon.get("expires_at")));
        asAdmin().body(body("x")).put(path + "/other").then().statusCode(201);
        asAdmin().get(path + "/status").then().statusCode(200);
        // time passes: the stored expiry is now behind us
        TestDatabase.update("UPDATE attributes SET expires_at = now() - interval '1 second' WHERE subject_id = ? AND key = 'status'", m);
        asAdmin().get(path + "/status").then().statusCode(404).body("error.code", equalTo("ATTRIBUTE_NOT_FOUND"));
        asAdmin().get(path).then().statusCode(200).body("data.attributes.key", contains("other"));
        asAdmin().get(attributes(space) + "/search?key=status").then().statusCode(200).body("data", hasSize(0));
        asAdmin().get(path + "/status/history").then().statusCode(200).body("data", hasSize(1))
                .body("data[0].new_value", equalTo("contractor"));
        // setting it again is a replacement of the stored row (200), deleting it removes even an expired value
        asAdmin().body(body("staff")).put(path + "/status").then().statusCode(200).body("data.expires_at", nullValue());
        asAdmin().get(path + "/status").then().statusCode(200).body("data.value", equalTo("staff"));
    }

    @Test
    void historyKeepsEverySetAndDeleteWithWhoAndWhen() {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        String path = member(space, m) + "/level";
        asAdmin().body(body(1)).put(path).then().statusCode(201);
        asAdmin().body(body(2)).put(path).then().statusCode(200);
        asAdmin().delete(path).then().statusCode(200).body("data.value", equalTo(2));
        asAdmin().delete(path).then().statusCode(404).body("error.code", equalTo("ATTRIBUTE_NOT_FOUND"));
        asAdmin().get(path).then().statusCode(404);
        asAdmin().body(body("three")).put(path).then().statusCode(201);

        Response history = asAdmin().get(path + "/history");
        history.then().statusCode(200).body("data.operation", contains("set", "set", "delete", "set"))
                .body("data[0].old_value", nullValue()).body("data[0].new_value", equalTo(1))
                .body("data[1].old_value", equalTo(1)).body("data[1].new_value", equalTo(2))
                .body("data[2].old_value", equalTo(2)).body("data[2].new_value", nullValue()).body("data[2].new_type", nullValue())
                .body("data[3].old_value", nullValue()).body("data[3].new_type", equalTo("string"))
                .body("data.actor_user_id", contains("user_alice", "user_alice", "user_alice", "user_alice"))
                .body("data[0].request_id", notNullValue()).body("data[0].created_at", notNullValue())
                .body("data[0].kind", equalTo("members")).body("data[0].subject", equalTo(m));
        // paged like every list
        String cursor = asAdmin().queryParam("limit", 3).get(path + "/history").then().statusCode(200).body("data", hasSize(3))
                .body("pagination.has_more", equalTo(true)).extract().path("pagination.next_cursor");
        asAdmin().queryParam("limit", 3).queryParam("cursor", cursor).get(path + "/history").then().statusCode(200)
                .body("data.operation", contains("set")).body("pagination.has_more", equalTo(false));
        // the history table refuses changes
        try {
            TestDatabase.update("DELETE FROM attribute_history WHERE subject_id = ?", m);
            throw new AssertionError("attribute_history accepted a DELETE");
        } catch (IllegalStateException refused) {
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        assertEquals(List.of("attribute.set", "attribute.set", "attribute.deleted", "attribute.set"),
                auditActions("member:" + m + ":level"));
    }

    @Test
    void bulkSetIsAllOrNothing() {
        String space = AccessFixtures.space();
        String m1 = AccessFixtures.member(space);
        String m2 = AccessFixtures.member(space);
        String type = AccessFixtures.type("read");
        String r = resource(space, type);
        String bulk = attributes(space) + "/bulk-set";
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Map.of("kind", "members", "subject", m1, "key", "department", "value", "finance"));
        items.add(Map.of("kind", "members", "subject", m2, "key", "department", "value", "legal"));
        items.add(Map.of("kind", "resources", "subject", type + ":" + r, "key", "amount", "value", 1200));
        items.add(Map.of("kind", "space", "subject", space, "key", "tier", "value", "gold"));

        // one unknown subject: 404, nothing written
        List<Map<String, Object>> broken = new ArrayList<>(items);
        broken.add(Map.of("kind", "members", "subject", "member_missing", "key", "department", "value", "x"));
        asAdmin().body(Map.of("items", broken)).post(bulk).then().statusCode(404).body("error.code", equalTo("MEMBER_NOT_FOUND"));
        // one bad value: 400 naming the item, nothing written
        broken = new ArrayList<>(items);
        broken.set(1, Map.of("kind", "members", "subject", m2, "key", "department", "value", "x", "type", "number"));
        asAdmin().body(Map.of("items", broken)).post(bulk).then().statusCode(400)
                .body("error.details.fields.'items[1].value'", equalTo("must be a number for type number"));
        broken = new ArrayList<>(items);
        broken.add(Map.of("kind", "groups", "subject", "g", "key", "k", "value", "x"));
        asAdmin().body(Map.of("items", broken)).post(bulk).then().statusCode(400)
                .body("error.details.fields.'items[4].kind'", equalTo("must be one of [members, resources, space]"));
        broken = new ArrayList<>(items);
        broken.add(Map.of("kind", "members", "subject", m1, "key", "department", "value", "again"));
        asAdmin().body(Map.of("items", broken)).post(bulk).then().statusCode(400)
                .body("error.details.fields.'items[4]'", equalTo("sets the same key of the same subject as items[0]"));
        asAdmin().body(Map.of("items", List.of())).post(bulk).then().statusCode(400)
                .body("error.details.fields.items", equalTo("must hold 1 to 1000 items"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM attributes WHERE space_id = ?", space).isEmpty());
        assertTrue(TestDatabase.rows("SELECT 1 FROM attribute_history WHERE space_id = ?", space).isEmpty());

        asAdmin().body(Map.of("items", items)).post(bulk).then().statusCode(200)
                .body("data.count", equalTo(4)).body("data.created", equalTo(4))
                .body("data.items.kind", contains("members", "members", "resources", "space"))
                .body("data.items[2].subject", equalTo(type + ":" + r)).body("data.items[2].type", equalTo("number"));
        asAdmin().get(attributes(space) + "/resources/" + type + ":" + r + "/amount").then().statusCode(200)
                .body("data.value", equalTo(1200));
        asAdmin().get(attributes(space) + "/space/" + space).then().statusCode(200).body("data.attributes.key", contains("tier"));
        List<Map<String, Object>> audit = TestDatabase.rows(
                "SELECT action, trace->'after'->>'count' AS count FROM audit_logs WHERE space_id = ? AND action LIKE 'attribute.%'", space);
        assertEquals(List.of(Map.of("action", "attribute.bulk_set", "count", "4")), audit);
        assertEquals(4, TestDatabase.rows("SELECT 1 FROM attribute_history WHERE space_id = ?", space).size());

        // 1,000 items in one call; 1,001 refused
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(Map.of("kind", "members", "subject", i % 2 == 0 ? m1 : m2, "key", "k" + i, "value", i));
        }
        long start = System.nanoTime();
        asAdmin().body(Map.of("items", many)).post(bulk).then().statusCode(200).body("data.count", equalTo(1000));
        System.out.printf("bulk set of 1000 attributes: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        many.add(Map.of("kind", "members", "subject", m1, "key", "extra", "value", 1));
        asAdmin().body(Map.of("items", many)).post(bulk).then().statusCode(400);
    }

    @Test
    void searchFindsSubjectsByKeyAndTypedValue() {
        String space = AccessFixtures.space();
        String other = AccessFixtures.space();
        String a = AccessFixtures.member(space);
        String b = AccessFixtures.member(space);
        String c = AccessFixtures.member(space);
        String stranger = AccessFixtures.member(other);
        asAdmin().body(body("finance")).put(member(space, a) + "/department").then().statusCode(201);
        asAdmin().body(body("legal")).put(member(space, b) + "/department").then().statusCode(201);
        asAdmin().body(body(List.of("finance", "ops"))).put(member(space, c) + "/department").then().statusCode(201);
        asAdmin().body(body("finance")).put(member(other, stranger) + "/department").then().statusCode(201);
        asAdmin().body(body(10.0)).put(member(space, a) + "/level").then().statusCode(201);
        asAdmin().body(body(true)).put(member(space, b) + "/level").then().statusCode(201);
        asAdmin().body(body("2026-12-01T00:00:00Z", "timestamp")).put(member(space, c) + "/level").then().statusCode(201);
        String search = attributes(space) + "/search";

        asAdmin().queryParam("key", "department").queryParam("value", "finance").get(search).then().statusCode(200)
                .body("data.subject", contains(a, c)).body("data.kind", contains("members", "members"));
        asAdmin().queryParam("key", "department").get(search).then().statusCode(200).body("data.subject", contains(a, b, c));
        asAdmin().queryParam("key", "level").queryParam("value", "10").get(search).then().body("data.subject", contains(a));
        asAdmin().queryParam("key", "level").queryParam("value", "true").get(search).then().body("data.subject", contains(b));
        asAdmin().queryParam("key", "level").queryParam("value", "2026-12-01T01:00:00+01:00").get(search).then()
                .body("data.subject", contains(c));
        asAdmin().queryParam("key", "department").queryParam("kind", "resources").get(search).then().body("data", hasSize(0));
        // paged
        String cursor = asAdmin().queryParam("key", "department").queryParam("limit", 2).get(search).then()
                .body("data.subject", contains(a, b)).body("pagination.has_more", equalTo(true)).extract().path("pagination.next_cursor");
        asAdmin().queryParam("key", "department").queryParam("limit", 2).queryParam("cursor", cursor).get(search).then()
                .body("data.subject", contains(c)).body("pagination.has_more", equalTo(false));
        asAdmin().get(search).then().statusCode(400).body("error.details.fields.key", equalTo(AttributeValue.KEY_RULE));
        asAdmin().queryParam("key", "x").queryParam("kind", "users").get(search).then().statusCode(400);
        asAdmin().queryParam("key", "x").get(attributes("space_missing") + "/search").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
    }

    @Test
    void theSubjectMustExistInTheSpaceUnlessItsTypeIsExternal() {
        String space = AccessFixtures.space();
        String stored = AccessFixtures.type("read");
        String external = unique("ext");
        asAdmin().body(Map.of("key", external, "display_name", "External", "storage_kind", "external"))
                .post("/api/v1/resource-types").then().statusCode(201).body("data.storage_kind", equalTo("external"));
        asAdmin().body(body("x")).put(member(space, "member_missing") + "/k").then().statusCode(404)
                .body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().get(member(space, "member_missing")).then().statusCode(404).body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().body(body("x")).put(attributes(space) + "/resources/" + stored + ":nope/k").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().body(body("x")).put(attributes(space) + "/resources/no_such_type:r1/k").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_TYPE_NOT_FOUND"));
        asAdmin().body(body("x")).put(attributes(space) + "/resources/just-an-id/k").then().statusCode(400)
                .body("error.details.fields.subject", equalTo("must be <resource type>:<resource id>"));
        asAdmin().body(body("x")).put(attributes(space) + "/space/space_acme/k").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().body(body("x")).put(attributes(space) + "/groups/g1/k").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        asAdmin().body(body("x")).put(attributes("space_missing") + "/space/space_missing/k").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        // an external type's resource need not exist
        asAdmin().body(body(5)).put(attributes(space) + "/resources/" + external + ":row_77/risk").then().statusCode(201)
                .body("data.subject", equalTo(external + ":row_77"));
        asAdmin().get(attributes(space) + "/resources/" + external + ":row_77").then().statusCode(200)
                .body("data.attributes.key", contains("risk"));
        // the same resource id in another space is another subject
        String r = resource(space, stored);
        asAdmin().body(body("x")).put(attributes(space) + "/resources/" + stored + ":" + r + "/k").then().statusCode(201);
        String elsewhere = AccessFixtures.space();
        asAdmin().get(attributes(elsewhere) + "/resources/" + stored + ":" + r).then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        // storage_kind stays when an upsert leaves it out, and is checked
        asAdmin().body(Map.of("key", external, "display_name", "External again")).post("/api/v1/resource-types").then()
                .statusCode(200).body("data.storage_kind", equalTo("external"));
        asAdmin().body(Map.of("key", external, "display_name", "x", "storage_kind", "remote")).post("/api/v1/resource-types")
                .then().statusCode(400).body("error.details.fields.storage_kind", equalTo("must be one of [external, stored]"));
        asAdmin().get("/api/v1/resource-types/" + stored).then().body("data.storage_kind", equalTo("stored"));
    }

    @Test
    void anotherSpacesRowsAreOutOfReach() {
        String a = AccessFixtures.space();
        String b = AccessFixtures.space();
        String memberA = AccessFixtures.member(a);
        String memberB = AccessFixtures.member(b);
        asAdmin().body(body("x")).put(member(b, memberB) + "/k").then().statusCode(201);
        String adminOfA = AccessFixtures.spaceAdmin(a);
        as(adminOfA).body(body("mine")).put(member(a, memberA) + "/k").then().statusCode(201);
        as(adminOfA).get(member(a, memberA)).then().statusCode(200);
        // B's routes: 403; B's member through A's routes: 404
        as(adminOfA).get(member(b, memberB)).then().statusCode(403).body("error.details.permission", equalTo("attributes:read"));
        as(adminOfA).body(body("y")).put(member(b, memberB) + "/k").then().statusCode(403)
                .body("error.details.permission", equalTo("attributes:manage"));
        as(adminOfA).delete(member(b, memberB) + "/k").then().statusCode(403);
        as(adminOfA).body(Map.of("items", List.of(Map.of("kind", "members", "subject", memberB, "key", "k", "value", "y"))))
                .post(attributes(b) + "/bulk-set").then().statusCode(403);
        as(adminOfA).queryParam("key", "k").get(attributes(b) + "/search").then().statusCode(403);
        as(adminOfA).get(member(a, memberB)).then().statusCode(404).body("error.code", equalTo("MEMBER_NOT_FOUND"));
        as(adminOfA).body(body("y")).put(member(a, memberB) + "/k").then().statusCode(404);
        as(adminOfA).body(Map.of("items", List.of(Map.of("kind", "members", "subject", memberB, "key", "k", "value", "y"))))
                .post(attributes(a) + "/bulk-set").then().statusCode(404).body("error.code", equalTo("MEMBER_NOT_FOUND"));
        as(adminOfA).queryParam("key", "k").get(attributes(a) + "/search").then().statusCode(200)
                .body("data.subject", contains(memberA)).body("data.subject", not(hasItem(memberB)));
        asAdmin().get(member(b, memberB) + "/k").then().body("data.value", equalTo("x"));
    }

    @Test
    void nonAdminIsForbidden() {
        String space = AccessFixtures.space();
        String m = AccessFixtures.member(space);
        as(Api.BOB).get(member(space, m)).then().statusCode(403).body("error.details.permission", equalTo("attributes:read"));
        as(Api.BOB).get(member(space, m) + "/k/history").then().statusCode(403);
        as(Api.BOB).body(body("x")).put(member(space, m) + "/k").then().statusCode(403)
                .body("error.details.permission", equalTo("attributes:manage"));
        as(Api.BOB).delete(member(space, m) + "/k").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM attributes WHERE subject_id = ?", m).isEmpty());
    }
}
