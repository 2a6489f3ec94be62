package io.plystra.authz;

import static io.plystra.authz.AuthzCheckTest.ALICE;
import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** lookup-resources and lookup-members over HTTP: answers, deny codes, validation, pages and their audit rows. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class LookupApiTest {

    static Map<String, Object> resources(Map<String, Object> actor, String type, String action) {
        return Map.of("actor", actor, "resource_type", type, "action", action);
    }

    @Test
    void aliceFindsTheInvoicesOfHerFinanceTreeAndThePageIsAudited() {
        String requestId = "lookup-" + System.nanoTime();
        Response r = asAdmin().header("X-Request-ID", requestId).body(resources(ALICE, "invoice", "approve"))
                .post("/api/v1/authz/lookup-resources");
        r.then().statusCode(200)
                .body("data.resource_ids", hasItem("invoice_001"))
                .body("data.resource_ids", not(hasItem("invoice_002")))
                .body("data.deny_code", nullValue())
                .body("data.next_cursor", nullValue())
                .body("data.has_more", equalTo(false));
        List<Map<String, Object>> rows = TestDatabase.rows("SELECT id, action, resource_type, resource_id, decision, actor_user_member_id, "
                + "plystra_expand_trace(trace)->>'count' AS count, plystra_expand_trace(trace)->'lookup'->>'action' AS asked "
                + "FROM audit_logs WHERE request_id = ?", requestId);
        assertEquals(1, rows.size(), "one audit row per page");
        Map<String, Object> row = rows.get(0);
        assertEquals(r.path("data.audit_log_id"), row.get("id"));
        assertEquals("lookup", row.get("action"));
        assertEquals("invoice", row.get("resource_type"));
        assertEquals("*", row.get("resource_id"));
        assertEquals("allow", row.get("decision"));
        assertEquals("um_alice_finance_reviewer", row.get("actor_user_member_id"));
        assertEquals("approve", row.get("asked"));
        assertEquals(String.valueOf(((List<?>) r.path("data.resource_ids")).size()), row.get("count"));
    }

    @Test
    void anActorThatCannotActGetsAnEmptyListWithTheDenyCodeNeverAnError() {
        asAdmin().body(resources(actor("user_alice", "um_alice_finance_reviewer_revoked"), "invoice", "approve"))
                .post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids.size()", equalTo(0)).body("data.deny_code", equalTo("USER_MEMBER_REVOKED"));
        asAdmin().body(resources(actor("user_nobody", "um_alice_finance_reviewer"), "invoice", "approve"))
                .post("/api/v1/authz/lookup-resources").then().statusCode(200).body("data.deny_code", equalTo("ACTOR_NOT_FOUND"));
        asAdmin().body(resources(ALICE, "contract", "approve")).post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids.size()", equalTo(0)).body("data.deny_code", equalTo("INVALID_RESOURCE_TYPE"));
        asAdmin().body(resources(ALICE, "invoice", "reject")).post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids.size()", equalTo(0)).body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));
    }

    @Test
    void malformedLookupsAre400NamingTheFields() {
        asAdmin().body(Map.of("actor", ALICE)).post("/api/v1/authz/lookup-resources").then().statusCode(400)
                .body("error.details.fields.resource_type", equalTo("is required"))
                .body("error.details.fields.action", equalTo("is required"));
        Map<String, Object> body = new HashMap<>(resources(ALICE, "invoice", "approve"));
        body.put("page_size", 0);
        asAdmin().body(body).post("/api/v1/authz/lookup-resources").then().statusCode(400)
                .body("error.details.fields.page_size", equalTo("must be a whole number from 1 to 1000"));
        body.put("page_size", 5);
        body.put("cursor", "not-a-cursor");
        asAdmin().body(body).post("/api/v1/authz/lookup-resources").then().statusCode(400)
                .body("error.details.fields.cursor", equalTo("is not a cursor this lookup issued"));
        asAdmin().body(Map.of("resource_type", "invoice", "action", "approve")).post("/api/v1/authz/lookup-members").then().statusCode(400)
                .body("error.details.fields.resource_id", equalTo("is required"));
        asAdmin().body(Map.of("resource_type", "invoice", "resource_id", "invoice_nowhere", "action", "approve"))
                .post("/api/v1/authz/lookup-members").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
    }

    @Test
    void aPaginationWalkIsCompleteWithOneAuditRowPerPage() {
        String tag = "pw" + System.nanoTime();
        String space = "space_" + tag;
        List<String> expected = io.plystra.testsupport.WalkSpace.create(tag, "user_bob");
        Map<String, Object> walker = Map.of("user_id", "user_bob", "member_id", "m_" + tag, "user_member_id", "um_" + tag, "space_id", space);
        String requestId = "walk-" + tag;
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(resources(walker, "invoice", "approve"));
            body.put("page_size", 10);
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            Response r = asAdmin().header("X-Request-ID", requestId).body(body).post("/api/v1/authz/lookup-resources");
            r.then().statusCode(200);
            seen.addAll(r.path("data.resource_ids"));
            cursor = r.path("data.next_cursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(expected, seen, "every page in id order, nothing repeated or cut");
        assertEquals(3, pages);
        assertEquals(3, TestDatabase.rows("SELECT id FROM audit_logs WHERE request_id = ? AND action = 'lookup'", requestId).size());
        // The members of one of them: the walker, through its one binding.
        Response members = asAdmin().header("X-Request-ID", requestId + "-m")
                .body(Map.of("resource_type", "invoice", "resource_id", "inv_03", "action", "approve", "space_id", space))
                .post("/api/v1/authz/lookup-members");
        members.then().statusCode(200).body("data.space_id", equalTo(space))
                .body("data.members.size()", equalTo(1))
                .body("data.members[0].id", equalTo("m_" + tag))
                .body("data.members[0].display_name", equalTo("Walker"))
                .body("data.members[0].users[0].user_id", equalTo("user_bob"))
                .body("data.members[0].users[0].user_member_id", equalTo("um_" + tag));
        asAdmin().body(Map.of("resource_type", "invoice", "resource_id", "inv_07", "action", "approve", "space_id", space))
                .post("/api/v1/authz/lookup-members").then().statusCode(200)
                .body("data.members.size()", equalTo(0)).body("data.deny_code", equalTo("RESOURCE_ARCHIVED"));
        Map<String, Object> row = TestDatabase.rows("SELECT action, resource_id, space_id FROM audit_logs WHERE request_id = ?", requestId + "-m").get(0);
        assertEquals("lookup", row.get("action"));
        assertEquals("inv_03", row.get("resource_id"));
        assertEquals(space, row.get("space_id"));
    }

    @Test
    void lookupMembersListsTheMemberWithTheBindingsThatMayAct() {
        Response r = asAdmin().body(Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve", "space_id", "space_acme"))
                .post("/api/v1/authz/lookup-members");
        r.then().statusCode(200);
        List<Map<String, Object>> members = r.path("data.members");
        Map<String, Object> reviewer = members.stream().filter(m -> "member_finance_reviewer".equals(m.get("id"))).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> users = (List<Map<String, Object>>) reviewer.get("users");
        List<Object> bindings = users.stream().map(u -> u.get("user_member_id")).toList();
        assertTrue(bindings.contains("um_alice_finance_reviewer") && bindings.contains("um_bob_finance_reviewer"), bindings.toString());
        assertTrue(!bindings.contains("um_alice_finance_reviewer_revoked") && !bindings.contains("um_alice_finance_reviewer_expired"),
                "a revoked or expired binding cannot act: " + bindings);
        List<Map<String, Object>> outside = asAdmin()
                .body(Map.of("resource_type", "invoice", "resource_id", "invoice_002", "action", "approve", "space_id", "space_acme"))
                .post("/api/v1/authz/lookup-members").then().statusCode(200).extract().path("data.members");
        assertTrue(outside.stream().noneMatch(m -> "member_finance_reviewer".equals(m.get("id"))), outside.toString());
    }
}
