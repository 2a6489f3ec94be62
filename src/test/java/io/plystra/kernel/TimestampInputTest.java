package io.plystra.kernel;


import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Timestamps from a request outside the years 0001..9999 are 400 naming the field wherever they are
 * read: audit filters, expires_at on create and in a PATCH, and the time inside a keyset cursor.
 * Before {@link Timestamps} they were stored as given, or failed in PostgreSQL with a 500.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class TimestampInputTest {

    /** Parseable by java.time, outside what the API accepts. */
    static final List<String> OUT_OF_RANGE = List.of("0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z", "+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z",
            "9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00");

    @Test
    void parserKeepsToYearsOneToNineThousandNineHundredNinetyNine() {
        for (String text : OUT_OF_RANGE) {
            assertNull(Timestamps.parseOrNull(text), text);
        }
        assertEquals(Instant.parse("0001-01-01T00:00:00Z"), Timestamps.parseOrNull("0001-01-01T00:00:00Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:59.999999Z"), Timestamps.parseOrNull("9999-12-31T23:59:59.999999Z"));
        assertEquals(Instant.parse("2026-11-23T16:31:40Z"), Timestamps.parseOrNull("2026-11-23T18:31:40+02:00"));
        assertNull(Timestamps.parseOrNull("yesterday"));
        assertNull(Timestamps.parse(null, "expires_at"));
    }

    @Test
    void auditTimeFiltersOutOfRangeAre400() {
        for (String text : OUT_OF_RANGE) {
            for (String field : List.of("created_at_from", "created_at_to")) {
                asAdmin().queryParam(field, text).get("/api/v1/audit/logs").then().statusCode(400)
                        .body("error.code", equalTo("VALIDATION_FAILED"))
                        .body("error.details.fields." + field, equalTo(Timestamps.PROBLEM));
                asAdmin().queryParam(field, text).get("/api/v1/spaces/space_acme/audit/logs").then().statusCode(400)
                        .body("error.details.fields." + field, equalTo(Timestamps.PROBLEM));
            }
        }
        asAdmin().queryParam("created_at_from", "0001-01-01T00:00:00Z").queryParam("created_at_to", "9999-12-31T23:59:59Z")
                .queryParam("limit", 1).get("/api/v1/audit/logs").then().statusCode(200);
    }

    @Test
    void expiresAtOutOfRangeIs400OnCreateAndPatch() {
        for (String text : OUT_OF_RANGE) {
            asAdmin().body(Map.of("user_id", "user_bob", "member_id", "member_finance_reviewer", "relation_type", "delegate",
                            "expires_at", text))
                    .post("/api/v1/spaces/space_acme/user-members").then().statusCode(400)
                    .body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
            asAdmin().body(Map.of("expires_at", text))
                    .patch("/api/v1/spaces/space_acme/user-members/um_bob_finance_reviewer").then().statusCode(400)
                    .body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
            asAdmin().body(Map.of("member_id", "member_finance_reviewer", "role_id", "role_finance_approver", "expires_at", text))
                    .post("/api/v1/spaces/space_acme/member-roles").then().statusCode(400)
                    .body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
            asAdmin().body(Map.of("expires_at", text))
                    .patch("/api/v1/spaces/space_acme/member-roles/mr_finance_reviewer_approver_finance").then().statusCode(400)
                    .body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
            asAdmin().body(Map.of("name", "k", "permission_keys", List.of("authz:check"), "expires_at", text))
                    .post("/api/v1/api-keys").then().statusCode(400)
                    .body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
        }
        asAdmin().get("/api/v1/spaces/space_acme/user-members/um_bob_finance_reviewer").then().statusCode(200)
                .body("data.expires_at", equalTo(null));
        asAdmin().body(Map.of("name", "far", "permission_keys", List.of("authz:check"), "expires_at", "9999-12-31T23:59:59Z"))
                .post("/api/v1/api-keys").then().statusCode(201).body("data.expires_at", equalTo("9999-12-31T23:59:59Z"));
    }

    @Test
    void cursorTimeOutOfRangeIs400() {
        for (long micros : new long[] {Long.MIN_VALUE, -9_000_000_000_000_000_000L, -62_135_596_800_000_001L,
                253_402_300_800_000_000L, Long.MAX_VALUE}) {
            String cursor = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "|x").getBytes(StandardCharsets.UTF_8));
            for (String path : List.of("/api/v1/spaces", "/api/v1/users", "/api/v1/audit/logs", "/api/v1/spaces/space_acme/members")) {
                asAdmin().queryParam("cursor", cursor).get(path).then().statusCode(400)
                        .body("error.details.fields.cursor", equalTo("is not a cursor this server issued"));
            }
        }
        String first = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("-62135596800000000|a".getBytes(StandardCharsets.UTF_8));
        asAdmin().queryParam("cursor", first).get("/api/v1/spaces").then().statusCode(200);
    }
}
