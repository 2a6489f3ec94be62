package io.plystra.platform;

import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Every error uses the envelope, carries X-Plystra-Error-Code, and never leaks exception text. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ErrorEnvelopeTest {

    static final Map<String, Object> ACTOR = Map.of("user_id", "user_alice", "member_id", "member_finance_reviewer",
            "user_member_id", "um_alice_finance_reviewer", "space_id", "space_acme");

    @Test
    void unknownRouteIsEnvelopedNotFound() {
        given().get("/api/v1/no-such-route").then().statusCode(404)
                .header("X-Plystra-Error-Code", "NOT_FOUND")
                .body("error.code", equalTo("NOT_FOUND"))
                .body("request_id", matchesPattern("req_[0-9a-f]{20}"));
        given().get("/nowhere").then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void wrongMethodIsEnvelopedMethodNotAllowed() {
        asAdmin().get("/api/v1/authz/check").then().statusCode(405)
                .header("X-Plystra-Error-Code", "METHOD_NOT_ALLOWED")
                .header("Allow", "OPTIONS, POST")
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"))
                .body("error.message", equalTo("GET is not allowed on this route; it answers OPTIONS, POST"));
        asAdmin().delete("/api/v1/users/user_alice").then().statusCode(405)
                .header("Allow", "GET, HEAD, OPTIONS, PATCH");
        // What Allow promises is answered.
        asAdmin().options("/api/v1/authz/check").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        asAdmin().head("/api/v1/users/user_alice").then().statusCode(200);
    }

    @Test
    void wrongMediaTypeIsEnvelopedUnsupported() {
        asAdmin().contentType(ContentType.TEXT).body("resource_type=invoice").post("/api/v1/authz/check")
                .then().statusCode(415).body("error.code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("error.message", org.hamcrest.Matchers.containsString("text/plain"));
    }

    @Test
    void oversizedBodyIsEnvelopedPayloadTooLarge() {
        String big = "{\"resource_type\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        asAdmin().body(big).post("/api/v1/authz/check").then().statusCode(413)
                .body("error.code", equalTo("PAYLOAD_TOO_LARGE"))
                .body("error.message", equalTo("request body larger than 1048576 bytes"));
    }

    @Test
    void missingFieldsAreValidationFailuresNamingEachField() {
        asAdmin().body(Map.of("actor", Map.of("user_id", "user_alice"), "resource_type", "invoice"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .header("X-Plystra-Error-Code", "VALIDATION_FAILED")
                .body("error.details.fields.resource_id", equalTo("is required"))
                .body("error.details.fields.action", equalTo("is required"))
                .body("error.details.fields.'actor.member_id'", equalTo("is required"))
                .body("error.details.fields.'actor.space_id'", equalTo("is required"));
    }

    @Test
    void flatActorFieldsAreRefusedNamingTheNestedForm() {
        asAdmin().body(Map.of("actor_user_id", "user_alice", "resource_type", "invoice", "resource_id", "invoice_001",
                        "action", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields.actor_user_id", containsString("actor.user_id"));
    }

    @Test
    void flatActorHintIsOnlyGivenForDecisionBodies() {
        asAdmin().body(Map.of("name", "x", "space_id", "space_acme")).post("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.space_id", equalTo("unknown field"));
    }

    @Test
    void unknownBodyFieldIsRefusedByName() {
        asAdmin().body(Map.of("actor", ACTOR, "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve",
                        "colour", "blue"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.colour", equalTo("unknown field"));
    }

    @Test
    void malformedJsonAndWrongTypesAreValidationFailures() {
        asAdmin().body("{\"resource_type\": ").post("/api/v1/authz/check").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.message", not(containsString("Exception")));
        asAdmin().body("{\"actor\": \"alice\"}").post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.actor", equalTo("has the wrong type or format"));
        asAdmin().body("[]").post("/api/v1/authz/check").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"));
        asAdmin().body("").post("/api/v1/authz/check").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void controlCharactersInIdsAreValidationFailuresNotServerErrors() {
        asAdmin().body(Map.of("actor", ACTOR, "resource_type", "invoice", "resource_id", "invoice\u0000001", "action", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.resource_id", equalTo("must not contain control characters"));
    }

    @Test
    void saneInboundRequestIdIsHonouredAndAnInsaneOneReplaced() {
        given().header("X-Request-ID", "gw-42:a.b_c").get("/api/v1/health").then().statusCode(200)
                .header("X-Request-ID", "gw-42:a.b_c").body("request_id", equalTo("gw-42:a.b_c"));
        given().header("X-Request-ID", "bad id with spaces").get("/api/v1/health").then().statusCode(200)
                .header("X-Request-ID", matchesPattern("req_[0-9a-f]{20}"))
                .body("request_id", matchesPattern("req_[0-9a-f]{20}"));
    }
}
