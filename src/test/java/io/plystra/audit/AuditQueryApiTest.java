package io.plystra.audit;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.plystra.session.Accounts;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DemoProfile.class)
class AuditQueryApiTest {

    static final Map<String, Object> ALICE = Api.actor("user_alice", "um_alice_finance_reviewer");

    @Test
    void filtersByRequestIdActorDecisionAndDenyCode() {
        String requestId = "audit-filters-" + System.nanoTime();
        String allowId = check(requestId, "invoice_001");
        check(requestId, "invoice_001");
        String denyId = check(requestId, "invoice_002");

        logs(Map.of("request_id", requestId)).then().statusCode(200)
                .body("data.size()", equalTo(3))
                .body("data.request_id", everyItem(equalTo(requestId)))
                .body("data[0].id", equalTo(denyId))
                .body("data[2].id", equalTo(allowId))
                .body("data[0]", not(hasKey("trace")))
                .body("data[0].actor_user_member_id", equalTo("um_alice_finance_reviewer"))
                .body("data[0].resource_type", equalTo("invoice"))
                .body("data[0].user_agent", notNullValue())
                .body("data[0].ip_address", notNullValue());
        logs(Map.of("request_id", requestId, "decision", "deny")).then().statusCode(200)
                .body("data.id", equalTo(List.of(denyId))).body("data[0].deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"));
        logs(Map.of("request_id", requestId, "deny_code", "SCOPE_OUT_OF_BOUNDS")).then().body("data.id", equalTo(List.of(denyId)));
        logs(Map.of("request_id", requestId, "decision", "allow")).then().body("data.size()", equalTo(2));
        logs(Map.of("request_id", requestId, "actor_user_id", "user_alice", "actor_member_id", "member_finance_reviewer",
                "space_id", "space_acme", "resource_id", "invoice_002", "action", "approve")).then().body("data.id", equalTo(List.of(denyId)));
        logs(Map.of("request_id", requestId, "actor_user_id", "user_bob")).then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void timeRangeIsFromInclusiveToExclusive() {
        String requestId = "audit-range-" + System.nanoTime();
        check(requestId, "invoice_001");
        check(requestId, "invoice_001");
        check(requestId, "invoice_001");
        List<String> ids = logs(Map.of("request_id", requestId)).path("data.id");
        String middle = logs(Map.of("request_id", requestId)).path("data[1].created_at");
        logs(Map.of("request_id", requestId, "created_at_from", middle)).then().body("data.id", equalTo(ids.subList(0, 2)));
        logs(Map.of("request_id", requestId, "created_at_to", middle)).then().body("data.id", equalTo(ids.subList(2, 3)));
        logs(Map.of("request_id", requestId, "created_at_from", Instant.now().plusSeconds(3600).toString()))
                .then().body("data.size()", equalTo(0));
        logs(Map.of("request_id", requestId, "created_at_from", "2000-01-01T00:00:00+02:00")).then().body("data.size()", equalTo(3));
    }

    @Test
    void badFiltersAreRefusedNamingTheField() {
        logs(Map.of("created_at_from", "yesterday")).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields.created_at_from", notNullValue());
        logs(Map.of("created_at_to", "2026-13-01T00:00:00Z")).then().statusCode(400).body("error.details.fields.created_at_to", notNullValue());
        logs(Map.of("created_at_from", "2026-01-02T00:00:00Z", "created_at_to", "2026-01-01T00:00:00Z")).then().statusCode(400)
                .body("error.details.fields.created_at_to", notNullValue());
        logs(Map.of("decision", "maybe")).then().statusCode(400).body("error.details.fields.decision", equalTo("must be allow or deny"));
        logs(Map.of("actor", "user_alice")).then().statusCode(400).body("error.details.fields.actor", equalTo("unknown filter"));
        logs(Map.of("resource_id", "a\u0000b")).then().statusCode(400).body("error.details.fields.resource_id", notNullValue());
        logs(Map.of("limit", "0")).then().statusCode(400).body("error.details.fields.limit", notNullValue());
        logs(Map.of("cursor", "garbage")).then().statusCode(400).body("error.details.fields.cursor", notNullValue());
    }

    @Test
    void metacharactersMatchOnlyThemselves() {
        check("audit-meta-" + System.nanoTime(), "invoice_001");
        logs(Map.of("resource_id", "%")).then().statusCode(200).body("data.size()", equalTo(0));
        logs(Map.of("resource_id", "invoice_00_")).then().statusCode(200).body("data.size()", equalTo(0));
        logs(Map.of("resource_id", "invoice_001' OR '1'='1")).then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void pagesWalkNewestFirstWithoutRepeatsOrGaps() {
        String requestId = "audit-walk-" + System.nanoTime();
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            written.add(check(requestId, "invoice_001"));
        }
        List<String> seen = new ArrayList<>();
        List<String> times = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new java.util.HashMap<>(Map.of("request_id", requestId, "limit", "2"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Response page = logs(query);
            page.then().statusCode(200).body("pagination.limit", equalTo(2));
            seen.addAll(page.path("data.id"));
            times.addAll(page.path("data.created_at"));
            cursor = page.path("pagination.next_cursor");
            assertEquals(page.<Boolean>path("pagination.has_more"), cursor != null);
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(written, new HashSet<>(seen));
        assertEquals(5, seen.size());
        for (int i = 1; i < times.size(); i++) {
            int order = Instant.parse(times.get(i - 1)).compareTo(Instant.parse(times.get(i)));
            assertTrue(order > 0 || (order == 0 && seen.get(i - 1).compareTo(seen.get(i)) > 0), "newest first: " + seen);
        }
    }

    @Test
    void detailCarriesTheTraceAndUnknownIdsAreNotFound() {
        String requestId = "audit-detail-" + System.nanoTime();
        String id = check(requestId, "invoice_002");
        asAdmin().get("/api/v1/audit/logs/" + id).then().statusCode(200)
                .body("data.id", equalTo(id))
                .body("data.request_id", equalTo(requestId))
                .body("data.decision", equalTo("deny"))
                .body("data.trace.audit_log_id", equalTo(id))
                .body("data.trace.deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"))
                .body("data.trace.actor", notNullValue());
        String unknown = id.substring(0, 16) + "0000000000000000";
        asAdmin().get("/api/v1/audit/logs/" + unknown).then().statusCode(404).body("error.code", equalTo("AUDIT_LOG_NOT_FOUND"));
        asAdmin().get("/api/v1/audit/logs/not-an-audit-id").then().statusCode(404).body("error.code", equalTo("AUDIT_LOG_NOT_FOUND"));
    }

    @Test
    void spaceRouteListsOnlyItsSpace() {
        String requestId = "audit-space-" + System.nanoTime();
        check(requestId, "invoice_001");
        asAdmin().queryParam("request_id", requestId).get("/api/v1/spaces/space_acme/audit/logs").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data.space_id", everyItem(equalTo("space_acme")));
        asAdmin().get("/api/v1/spaces/space_missing/audit/logs").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().queryParam("space_id", "space_other").get("/api/v1/spaces/space_acme/audit/logs").then().statusCode(400)
                .body("error.details.fields.space_id", notNullValue());
    }

    @Test
    void callerWithoutAuditReadIsForbidden() {
        String plain = Accounts.accessToken(Accounts.newUser("noaudit"));
        Accounts.as(plain).get("/api/v1/audit/logs").then().statusCode(403).body("error.details.permission", equalTo("audit:read"));
        Accounts.as(plain).get("/api/v1/spaces/space_acme/audit/logs").then().statusCode(403);
    }

    /** A check as alice with the given request id; returns its audit id. */
    private static String check(String requestId, String invoice) {
        return asAdmin().header("X-Request-ID", requestId).body(Api.check(ALICE, "invoice", invoice, "approve"))
                .post("/api/v1/authz/check").then().statusCode(200).extract().header("X-Plystra-Audit-Log-ID");
    }

    private static Response logs(Map<String, String> query) {
        return asAdmin().queryParams(query).get("/api/v1/audit/logs");
    }
}
