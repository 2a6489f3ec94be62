package io.plystra.authz;

import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** The Finance Reviewer cases and every deny the demo data can reach, over HTTP, each with its audit row. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuthzCheckTest {

    static final Map<String, Object> ALICE = actor("user_alice", "um_alice_finance_reviewer");
    static final Map<String, Object> BOB = actor("user_bob", "um_bob_finance_reviewer");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("allowsAliceOnInvoiceInsideFinanceTree", check(ALICE, "invoice", "invoice_001", "approve"), "allow", null),
                Arguments.of("deniesAliceOnInvoiceOutsideAnchor", check(ALICE, "invoice", "invoice_002", "approve"), "deny", "SCOPE_OUT_OF_BOUNDS"),
                Arguments.of("allowsBobThroughTheSameMember", check(BOB, "invoice", "invoice_001", "approve"), "allow", null),
                Arguments.of("deniesRevokedBinding", check(actor("user_alice", "um_alice_finance_reviewer_revoked"), "invoice", "invoice_001", "approve"), "deny", "USER_MEMBER_REVOKED"),
                Arguments.of("deniesExpiredBinding", check(actor("user_alice", "um_alice_finance_reviewer_expired"), "invoice", "invoice_001", "approve"), "deny", "USER_MEMBER_EXPIRED"),
                Arguments.of("deniesActionWithoutPermission", check(ALICE, "invoice", "invoice_001", "reject"), "deny", "NO_MATCHING_PERMISSION"),
                Arguments.of("deniesUnregisteredType", check(ALICE, "contract", "invoice_001", "approve"), "deny", "INVALID_RESOURCE_TYPE"),
                Arguments.of("deniesUnregisteredAction", check(ALICE, "invoice", "invoice_001", "void"), "deny", "INVALID_RESOURCE_ACTION"),
                Arguments.of("deniesUnknownActor", check(actor("user_nobody", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"), "deny", "ACTOR_NOT_FOUND"),
                Arguments.of("deniesUnknownResource", check(ALICE, "invoice", "invoice_404", "approve"), "deny", "RESOURCE_NOT_FOUND"),
                Arguments.of("deniesBindingOfAnotherUser", check(actor("user_bob", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"), "deny", "CROSS_SPACE_VIOLATION"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAndAuditsEachCase(String name, Map<String, Object> body, String decision, String denyCode) {
        String requestId = "it-" + name;
        Response response = asAdmin().header("X-Request-ID", requestId).body(body).post("/api/v1/authz/check");
        response.then().statusCode(200)
                .header("X-Request-ID", requestId)
                .header("X-Plystra-Trace-ID", startsWith("trc_"))
                .body("request_id", equalTo(requestId))
                .body("data.decision", equalTo(decision))
                .body("data.allow", equalTo("allow".equals(decision)))
                .body("data.deny_code", denyCode == null ? nullValue() : equalTo(denyCode));
        String auditId = response.path("data.audit_log_id");
        assertEquals(auditId, response.header("X-Plystra-Audit-Log-ID"));

        List<Map<String, Object>> rows = TestDatabase.rows(
                "SELECT id, decision, deny_code, actor_user_id, actor_user_member_id, resource_type, resource_id, action, "
                        + "plystra_expand_trace(trace)->>'trace_id' AS trace_id, plystra_expand_trace(trace)->>'audit_log_id' AS trace_audit_id "
                        + "FROM audit_logs WHERE request_id = ?", requestId);
        assertEquals(1, rows.size(), "exactly one audit row per decision");
        Map<String, Object> row = rows.get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> actor = (Map<String, Object>) body.get("actor");
        assertEquals(auditId, row.get("id"));
        assertEquals(decision, row.get("decision"));
        assertEquals(denyCode, row.get("deny_code"));
        assertEquals(actor.get("user_id"), row.get("actor_user_id"));
        assertEquals(actor.get("user_member_id"), row.get("actor_user_member_id"));
        assertEquals(body.get("resource_id"), row.get("resource_id"));
        assertEquals(body.get("action"), row.get("action"));
        assertEquals(response.path("data.trace_id"), row.get("trace_id"));
        assertEquals(auditId, row.get("trace_audit_id"));
    }

    @Test
    void explainReturnsTheDecisionTimeTraceStoredOnTheAuditRow() {
        Response response = asAdmin().body(check(ALICE, "invoice", "invoice_001", "approve")).post("/api/v1/authz/explain");
        response.then().statusCode(200)
                .body("data.trace_version", equalTo("1.0"))
                .body("data.decision", equalTo("allow"))
                .body("data.actor.user.email", equalTo("alice@example.com"))
                .body("data.actor.user_member.relation_type", equalTo("delegate"))
                .body("data.actor.user_member.is_primary", equalTo(true))
                .body("data.space.name", equalTo("Acme"))
                .body("data.target.resource.group_path", equalTo("finance.apac"))
                .body("data.target.group.path", equalTo("finance.apac"))
                .body("data.resource_registry.action.risk_level", equalTo("high"))
                .body("data.matched_candidates[0].role.key", equalTo("finance_approver"))
                .body("data.matched_candidates[0].scope_anchor.path", equalTo("finance"))
                .body("data.matched_candidates[0].scope_check.covered", equalTo(true))
                .body("data.matched_candidates[0].scope_check.rule",
                        equalTo("target_path = anchor_path OR target_path LIKE anchor_path || '.%'"))
                .body("data.request.request_id", equalTo(response.header("X-Request-ID")));
        String auditId = response.path("data.audit_log_id");
        List<Map<String, Object>> rows = TestDatabase.rows("SELECT plystra_expand_trace(trace)::text AS full_trace, "
                + "trace::text AS stored FROM audit_logs WHERE id = ?", auditId);
        String stored = rows.get(0).get("stored").toString();
        assertTrue(stored.contains("$snapshot"), "shared parts are stored by reference: " + stored);
        assertTrue(stored.length() < 1200, "the row itself stays small: " + stored.length() + " characters");
        String full = rows.get(0).get("full_trace").toString();
        assertTrue(!full.contains("argon2") && !full.contains("$snapshot"), "no secret, no reference in a trace");
        try {
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            assertEquals(mapper.readTree(response.asString()).get("data"), mapper.readTree(full),
                    "the audit row explains exactly what explain answered");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ignoresClientSuppliedRequestMetadataInTheBody() {
        Map<String, Object> body = new java.util.HashMap<>(check(ALICE, "invoice", "invoice_001", "approve"));
        body.put("request_id", "forged-id");
        body.put("ip", "203.0.113.9");
        body.put("user_agent", "forged-agent");
        Response response = asAdmin().header("User-Agent", "real-agent").body(body).post("/api/v1/authz/check");
        response.then().statusCode(200).body("data.decision", equalTo("allow"));
        Map<String, Object> row = TestDatabase.rows("SELECT request_id, ip_address, user_agent FROM audit_logs WHERE id = ?",
                (Object) response.path("data.audit_log_id")).get(0);
        assertEquals(response.header("X-Request-ID"), row.get("request_id"));
        assertEquals("real-agent", row.get("user_agent"));
        assertEquals("127.0.0.1", row.get("ip_address"));
    }

    @Test
    void deniesArchivedResource() {
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type, group_id, owner_member_id, display_name, status) "
                + "VALUES ('invoice_archived', 'space_acme', 'invoice', 'group_finance_apac', 'member_invoice_creator', 'old', 'archived') "
                + "ON CONFLICT DO NOTHING");
        asAdmin().body(check(ALICE, "invoice", "invoice_archived", "approve")).post("/api/v1/authz/check")
                .then().statusCode(200).body("data.deny_code", equalTo("RESOURCE_ARCHIVED"));
    }

    @Test
    void sessionCallerWithoutActorActsAsItsOwnActiveActor() {
        Response response = asAdmin().body(Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"))
                .post("/api/v1/authz/check");
        response.then().statusCode(200).body("data.decision", equalTo("allow"));
        Map<String, Object> row = TestDatabase.rows("SELECT actor_user_member_id FROM audit_logs WHERE id = ?",
                (Object) response.path("data.audit_log_id")).get(0);
        assertEquals("um_alice_finance_reviewer", row.get("actor_user_member_id"));
    }

    @Test
    void concurrentDecisionsEachGetTheirOwnCommittedAuditRow() throws Exception {
        String prefix = "burst-" + System.nanoTime() + "-";
        int n = 60;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = prefix + i;
                Map<String, Object> actor = i % 2 == 0 ? ALICE : BOB;
                answers.add(pool.submit(() -> asAdmin().header("X-Request-ID", id)
                        .body(check(actor, "invoice", "invoice_001", "approve"))
                        .post("/api/v1/authz/check").statusCode()));
            }
            for (var answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        List<Map<String, Object>> rows = TestDatabase.rows(
                "SELECT count(*) AS n, count(DISTINCT request_id) AS ids FROM audit_logs WHERE request_id LIKE ?", prefix + "%");
        assertEquals((long) n, ((Number) rows.get(0).get("n")).longValue());
        assertEquals((long) n, ((Number) rows.get(0).get("ids")).longValue());
    }

    @Test
    void auditRowsCannotBeUpdatedOrDeleted() {
        Response response = asAdmin().body(check(ALICE, "invoice", "invoice_001", "approve")).post("/api/v1/authz/check");
        String id = response.path("data.audit_log_id");
        IllegalStateException update = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TestDatabase.update("UPDATE audit_logs SET decision = 'deny' WHERE id = ?", id));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TestDatabase.update("DELETE FROM audit_logs WHERE id = ?", id));
        assertEquals("allow", TestDatabase.rows("SELECT decision FROM audit_logs WHERE id = ?", id).get(0).get("decision"));
    }

    /**
     * A caller asking about one space learns nothing of another: an actor tuple naming a member and a
     * binding of another space, or a resource of another space, is denied and traced by ids only, in
     * the answer and in the audit row, and the reason names no other space.
     */
    @Test
    void rowsOfAnotherSpaceAreTracedByIdOnly() {
        String other = "space_wall_" + System.nanoTime();
        asAdmin().body(Map.of("id", other, "name", "Walled Off")).post("/api/v1/spaces").then().statusCode(201);
        String member = "member_secret_" + System.nanoTime();
        asAdmin().body(Map.of("id", member, "display_name", "Secret Member Name", "member_type", "human"))
                .post("/api/v1/spaces/" + other + "/members").then().statusCode(201);
        String resource = "invoice_secret_" + System.nanoTime();
        asAdmin().body(Map.of("id", resource, "resource_type", "invoice", "display_name", "Secret Invoice Title"))
                .post("/api/v1/spaces/" + other + "/resources").then().statusCode(201);

        Response foreignMember = asAdmin().body(check(Map.of("user_id", "user_alice", "member_id", member,
                        "user_member_id", "um_alice_finance_reviewer", "space_id", "space_acme"), "invoice", "invoice_001", "approve"))
                .post("/api/v1/authz/explain");
        foreignMember.then().statusCode(200).body("data.decision", equalTo("deny"))
                .body("data.actor.member.id", equalTo(member)).body("data.actor.member.display_name", nullValue());
        Response foreignTarget = asAdmin().body(check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", resource, "approve"))
                .post("/api/v1/authz/explain");
        foreignTarget.then().statusCode(200).body("data.deny_code", equalTo("CROSS_SPACE_VIOLATION"))
                .body("data.target.resource.id", equalTo(resource)).body("data.target.resource.display_name", nullValue());
        for (Response r : List.of(foreignMember, foreignTarget)) {
            String body = r.asString();
            assertTrue(!body.contains("Secret") && !body.contains(other), body);
            String id = r.path("data.audit_log_id");
            String trace = (String) TestDatabase.rows("SELECT plystra_expand_trace(trace)::text AS trace FROM audit_logs WHERE id = ?",
                    id).get(0).get("trace");
            assertTrue(trace.contains(r.path("data.trace_id")), "the expanded trace of " + id + ": " + trace);
            assertTrue(!trace.contains("Secret") && !trace.contains(other), trace);
        }
    }
}
