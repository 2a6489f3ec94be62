package io.plystra.authz;

import static io.plystra.authz.AuthzCheckTest.ALICE;
import static io.plystra.authz.AuthzCheckTest.BOB;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** POST /api/v1/authz/batch-check: results in request order, item-level errors, one audit row per decided item. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuthzBatchCheckTest {

    static Map<String, Object> item(String type, String id, String action) {
        return Map.of("resource_type", type, "resource_id", id, "action", action);
    }

    @Test
    void answersEachItemInRequestOrderAsCheckDoesWithOneAuditRowPerDecidedItem() {
        String requestId = "batch-" + System.nanoTime();
        List<Object> items = List.of(
                item("invoice", "invoice_001", "approve"),
                item("invoice", "invoice_002", "approve"),
                check(BOB, "invoice", "invoice_001", "approve"),
                item("invoice", "invoice_001", "reject"),
                item("invoice", "invoice_404", "approve"));
        Response r = asAdmin().header("X-Request-ID", requestId).body(Map.of("actor", ALICE, "items", items))
                .post("/api/v1/authz/batch-check");
        r.then().statusCode(200)
                .body("data.results.size()", equalTo(5))
                .body("data.results[0].decision", equalTo("allow")).body("data.results[0].allow", equalTo(true))
                .body("data.results[0].deny_code", nullValue())
                .body("data.results[1].deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"))
                .body("data.results[2].decision", equalTo("allow"))
                .body("data.results[3].deny_code", equalTo("NO_MATCHING_PERMISSION"))
                .body("data.results[4].deny_code", equalTo("RESOURCE_NOT_FOUND"));
        // Each result is the check answer for the same question.
        for (int i = 0; i < items.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> q = new HashMap<>((Map<String, Object>) items.get(i));
            q.putIfAbsent("actor", ALICE);
            Response single = asAdmin().body(q).post("/api/v1/authz/check");
            assertEquals((Object) single.path("data.decision"), r.path("data.results[" + i + "].decision"));
            assertEquals((Object) single.path("data.deny_code"), r.path("data.results[" + i + "].deny_code"));
        }
        List<Map<String, Object>> rows = TestDatabase.rows("SELECT id, actor_user_id, resource_id, action, decision, deny_code "
                + "FROM audit_logs WHERE request_id = ? ORDER BY resource_id, action, actor_user_id", requestId);
        assertEquals(5, rows.size(), "one audit row per decided item: " + rows);
        for (int i = 0; i < items.size(); i++) {
            String id = r.path("data.results[" + i + "].audit_log_id");
            Map<String, Object> row = TestDatabase.rows("SELECT resource_id, decision, actor_user_id FROM audit_logs WHERE id = ?", id).get(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> q = (Map<String, Object>) items.get(i);
            assertEquals(q.get("resource_id"), row.get("resource_id"));
            assertEquals(r.path("data.results[" + i + "].decision"), row.get("decision"));
            assertEquals(i == 2 ? "user_bob" : "user_alice", row.get("actor_user_id"));
        }
    }

    @Test
    void aMalformedItemFailsOnlyItself() {
        String requestId = "batch-bad-" + System.nanoTime();
        List<Object> items = new ArrayList<>();
        items.add(check(ALICE, "invoice", "invoice_001", "approve"));
        items.add(Map.of("actor", ALICE, "resource_type", "invoice", "action", "approve"));
        items.add(Map.of("actor", ALICE, "resource_type", "invoice", "resource_id", 123, "action", "approve"));
        items.add(Map.of("actor", ALICE, "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve", "colour", "red"));
        items.add("invoice_001");
        items.add(Map.of("actor", Map.of("user_id", "user_alice"), "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"));
        Response r = asAdmin().header("X-Request-ID", requestId).body(Map.of("items", items)).post("/api/v1/authz/batch-check");
        r.then().statusCode(200)
                .body("data.results.size()", equalTo(6))
                .body("data.results[0].decision", equalTo("allow"))
                .body("data.results[0]", not(hasKey("error")))
                .body("data.results[1].error.code", equalTo("VALIDATION_FAILED"))
                .body("data.results[1].error.details.fields.resource_id", equalTo("is required"))
                .body("data.results[1]", not(hasKey("decision")))
                .body("data.results[2].error.details.fields.resource_id", equalTo("has the wrong type or format"))
                .body("data.results[3].error.details.fields.colour", equalTo("unknown field"))
                .body("data.results[4].error.details.fields.item", equalTo("must be a JSON object"))
                .body("data.results[5].error.details.fields.'actor.member_id'", equalTo("is required"));
        assertEquals(1, TestDatabase.rows("SELECT id FROM audit_logs WHERE request_id = ?", requestId).size(),
                "only the decided item is audited");
    }

    @Test
    void anItemWhoseActorSpaceIsOutsideTheCallersReachIsAnItemLevel403() {
        String key = asAdmin().body(Map.of("name", "batch-acme-" + System.nanoTime(), "permission_keys", List.of("authz:check"),
                "space_id", "space_acme")).post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        Map<String, Object> elsewhere = Map.of("user_id", "user_alice", "member_id", "member_finance_reviewer",
                "user_member_id", "um_alice_finance_reviewer", "space_id", "space_other_" + System.nanoTime());
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(check(ALICE, "invoice", "invoice_001", "approve"),
                        check(elsewhere, "invoice", "invoice_001", "approve"))))
                .post("/api/v1/authz/batch-check").then().statusCode(200)
                .body("data.results[0].decision", equalTo("allow"))
                .body("data.results[1].error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("data.results[1].error.details.permission", equalTo("authz:check"));
    }

    @Test
    void aMalformedEnvelopeIs400NamingTheField() {
        asAdmin().body(Map.of("items", List.of())).post("/api/v1/authz/batch-check").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED")).body("error.details.fields.items", equalTo("must be an array of 1 to 100 items"));
        asAdmin().body(Map.of()).post("/api/v1/authz/batch-check").then().statusCode(400)
                .body("error.details.fields.items", equalTo("must be an array of 1 to 100 items"));
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(check(ALICE, "invoice", "invoice_001", "approve"));
        }
        asAdmin().body(Map.of("items", tooMany)).post("/api/v1/authz/batch-check").then().statusCode(400)
                .body("error.details.fields.items", equalTo("must be an array of 1 to 100 items"));
        asAdmin().body(Map.of("items", "x")).post("/api/v1/authz/batch-check").then().statusCode(400)
                .body("error.details.fields", hasKey("items"));
        asAdmin().body(Map.of("items", List.of(item("invoice", "invoice_001", "approve")), "extra", 1))
                .post("/api/v1/authz/batch-check").then().statusCode(400).body("error.details.fields.extra", equalTo("unknown field"));
        asAdmin().body(Map.of("actor", Map.of("user_id", "user_alice"), "items", List.of(item("invoice", "invoice_001", "approve"))))
                .post("/api/v1/authz/batch-check").then().statusCode(400)
                .body("error.details.fields.'actor.member_id'", equalTo("is required"));
    }

    @Test
    void aFullBatchIsDecided() {
        String requestId = "batch-full-" + System.nanoTime();
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(item("invoice", i % 2 == 0 ? "invoice_001" : "invoice_002", "approve"));
        }
        Response r = asAdmin().header("X-Request-ID", requestId).body(Map.of("actor", ALICE, "items", items)).post("/api/v1/authz/batch-check");
        r.then().statusCode(200).body("data.results.size()", equalTo(100))
                .body("data.results[98].decision", equalTo("allow")).body("data.results[99].deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"));
        assertEquals(100, TestDatabase.rows("SELECT id FROM audit_logs WHERE request_id = ?", requestId).size());
    }
}
