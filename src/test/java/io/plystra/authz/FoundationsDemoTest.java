package io.plystra.authz;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * The Finance Reviewer demo's V1 Foundations examples, as docs/bindings.md shows them: the Invoice Bot service and its
 * conditional binding, the month-end close team with its expiring membership, and the customers table's columns.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class FoundationsDemoTest {

    static final Map<String, Object> BOT = Map.of("service_id", "svc_invoice_bot", "member_id", "member_invoice_bot",
            "space_id", "space_acme");
    static final Map<String, Object> ALICE = Map.of("user_id", "user_alice", "member_id", "member_finance_reviewer",
            "user_member_id", "um_alice_finance_reviewer", "space_id", "space_acme");

    static Map<String, Object> body(Map<String, Object> actor, String type, String id, String action, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("actor", actor, "resource_type", type, "resource_id", id, "action", action));
        body.putAll(extra);
        return body;
    }

    @Test
    void theInvoiceBotApprovesSmallFinanceInvoicesInWorkingHoursOnly() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        boolean workingHours = now.getHour() >= 9 && now.getHour() < 17
                && now.getDayOfWeek() != DayOfWeek.SATURDAY && now.getDayOfWeek() != DayOfWeek.SUNDAY;
        JsonPath small = asAdmin().body(body(BOT, "invoice", "invoice_001", "approve", Map.of())).post("/api/v1/authz/explain")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(workingHours ? "allow" : "deny", small.getString("data.decision"), small.getString("data.reason"));
        assertEquals("bnd_invoice_bot_approve_small", small.getString("data.matched_candidates[0].member_role.id"));
        assertEquals("service", small.getString("data.matched_candidates[0].subject.kind"));
        // The amount comes first among the conditions: a large invoice is refused at any hour.
        asAdmin().body(body(BOT, "invoice", "invoice_001", "approve", Map.of("resource_attributes", Map.of("amount", 25000))))
                .post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.deny_code", equalTo("CONDITION_NOT_MET"))
                .body("data.matched_candidates[0].condition_check.failed", equalTo("resource.amount lt 10000"));
        // Outside the finance tree the scope refuses before any condition is read.
        asAdmin().body(body(BOT, "invoice", "invoice_002", "approve", Map.of())).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"));
    }

    @Test
    void aliceReadsFinanceInvoicesThroughTheMonthEndCloseTeam() {
        asAdmin().body(body(ALICE, "invoice", "invoice_001", "read", Map.of())).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.decision", equalTo("allow"))
                .body("data.matched_candidates[0].subject.kind", equalTo("team"))
                .body("data.matched_candidates[0].via[0].key", equalTo("month_end_close"));
        // The v1.0 answers stand: reject is still no permission of hers.
        asAdmin().body(body(ALICE, "invoice", "invoice_001", "reject", Map.of())).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));
    }

    @Test
    void aliceSelectsTheCustomersFinanceColumnsButNoPersonalData() {
        JsonPath answer = asAdmin().body(body(ALICE, "customers", "dwh.customers", "select",
                        Map.of("columns", List.of("customer_id", "balance", "email", "ssn"))))
                .post("/api/v1/authz/check-columns").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("customer_id", "balance"), answer.getList("data.allowed"));
        assertEquals(List.of(Map.of("column", "email", "deny_code", "COLUMN_NOT_GRANTED"),
                Map.of("column", "ssn", "deny_code", "UNKNOWN_COLUMN")), answer.getList("data.denied"));
        asAdmin().body(body(ALICE, "customers", "dwh.customers", "select", Map.of())).post("/api/v1/authz/allowed-columns")
                .then().statusCode(200)
                .body("data.columns.column", equalTo(List.of("customer_id", "credit_limit", "balance", "iban")));
    }
}
