package io.plystra.kernel;


import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.pgclient.PgException;

/**
 * NUL and the other C0 control characters (except tab, line feed and carriage return) in a JSON
 * body, a query value or a path parameter are refused before they reach PostgreSQL, which failed
 * with SQLSTATE 22021 (text) or 22P05 (jsonb) and a 500.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ControlCharacterInputTest {

    static final String PROBLEM = "must not contain control characters";

    @Test
    void jsonStringsWithControlCharactersAre400NamingTheField() {
        for (String bad : new String[] {"\\u0000", "\\u0007", "\\b", "\\f", "\\u001f"}) {
            asAdmin().body("{\"name\":\"a" + bad + "b\"}").post("/api/v1/spaces").then().statusCode(400)
                    .header("X-Plystra-Error-Code", "VALIDATION_FAILED")
                    .body("error.code", equalTo("VALIDATION_FAILED"))
                    .body("error.details.fields.name", equalTo(PROBLEM));
        }
        asAdmin().body("{\"name\":\"a\\u0000b\"}").patch("/api/v1/spaces/space_acme").then().statusCode(400)
                .body("error.details.fields.name", equalTo(PROBLEM));
        asAdmin().body("{\"name\":\"k\",\"permission_keys\":[\"authz:check\",\"a\\u0000\"]}").post("/api/v1/api-keys")
                .then().statusCode(400).body("error.details.fields.'permission_keys[1]'", equalTo(PROBLEM));
        asAdmin().body("{\"actor\":{\"user_id\":\"user_alice\\u0000\"},\"resource_type\":\"invoice\"}")
                .post("/api/v1/authz/check").then().statusCode(400)
                .body("error.details.fields.'actor.user_id'", equalTo(PROBLEM));
        asAdmin().get("/api/v1/spaces/space_acme").then().statusCode(200).body("data.name", equalTo("Acme"));
    }

    @Test
    void tabNewlineAndCarriageReturnStayAllowedInText() {
        asAdmin().body("{\"name\":\"line one\\r\\nline\\ttwo\"}").post("/api/v1/spaces").then().statusCode(201)
                .body("data.name", equalTo("line one\r\nline\ttwo"));
    }

    @Test
    void jsonbMetadataKeysAndValuesAreChecked() {
        String base = "{\"resource_type\":\"invoice\",\"group_id\":\"group_finance\",\"metadata\":";
        asAdmin().body(base + "{\"a\\u0000\":1}}").post("/api/v1/spaces/space_acme/resources").then().statusCode(400)
                .body("error.details.fields.metadata", equalTo(PROBLEM));
        asAdmin().body(base + "{\"a\":[{\"b\":\"\\u0000\"}]}}").post("/api/v1/spaces/space_acme/resources").then().statusCode(400)
                .body("error.details.fields.'metadata.a[0].b'", equalTo(PROBLEM));
    }

    @Test
    void loginEmailWithNulIs400() {
        given().contentType(ContentType.JSON).body("{\"email\":\"alice\\u0000@example.com\",\"password\":\"x\"}")
                .post("/api/v1/auth/login").then().statusCode(400)
                .body("error.details.fields.email", equalTo(PROBLEM));
    }

    @Test
    void pathIdsWithControlCharactersAre404LikeUnknownIds() {
        Map<String, String> routes = Map.of(
                "/api/v1/spaces/a%00b", "SPACE_NOT_FOUND",
                "/api/v1/users/a%00b", "USER_NOT_FOUND",
                "/api/v1/spaces/space_acme/groups/a%00b", "GROUP_NOT_FOUND",
                "/api/v1/spaces/a%01b/members", "SPACE_NOT_FOUND",
                "/api/v1/resource-types/a%00b", "RESOURCE_TYPE_NOT_FOUND",
                "/api/v1/resources/invoice/a%00b", "RESOURCE_NOT_FOUND",
                "/api/v1/spaces/space_acme/member-roles/a%00b", "MEMBER_ROLE_NOT_FOUND",
                "/api/v1/audit/logs/a%00b", "AUDIT_LOG_NOT_FOUND");
        routes.forEach((path, code) -> asAdmin().urlEncodingEnabled(false).get(path).then().statusCode(404)
                .header("X-Plystra-Error-Code", code).body("error.code", equalTo(code)));
        asAdmin().urlEncodingEnabled(false).post("/api/v1/spaces/a%00b/disable").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        given().urlEncodingEnabled(false).get("/api/v1/spaces/a%00b").then().statusCode(401);
    }

    @Test
    void pathIdsWithPercentSignsAreUnknownIdsNotErrors() {
        // The path check reads ids as the resources get them: decoding the path a second time broke on '%'.
        asAdmin().urlEncodingEnabled(false).get("/api/v1/spaces/%25_").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().urlEncodingEnabled(false).get("/api/v1/spaces/%25zz/roles").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().urlEncodingEnabled(false).get("/api/v1/spaces/space_acme/groups/a%25b").then().statusCode(404)
                .body("error.code", equalTo("GROUP_NOT_FOUND"));
        asAdmin().urlEncodingEnabled(false).post("/api/v1/users/%25/disable").then().statusCode(404)
                .body("error.code", equalTo("USER_NOT_FOUND"));
    }

    @Test
    void queryValuesWithControlCharactersAre400NamingTheParameter() {
        asAdmin().urlEncodingEnabled(false).get("/api/v1/spaces?status=a%00b").then().statusCode(400)
                .body("error.details.fields.status", equalTo(PROBLEM));
        asAdmin().urlEncodingEnabled(false).get("/api/v1/users?email=a%00b").then().statusCode(400)
                .body("error.details.fields.email", equalTo(PROBLEM));
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString("0|a\u0000b".getBytes(StandardCharsets.UTF_8));
        asAdmin().queryParam("cursor", cursor).get("/api/v1/spaces").then().statusCode(400)
                .body("error.details.fields.cursor", equalTo("is not a cursor this server issued"));
    }

    @Test
    void databaseValueErrorsAre400AsASafetyNet() {
        for (String state : new String[] {"22021", "22008", "22P05"}) {
            Response response = new ErrorMapper().unexpected(
                    new RuntimeException(new PgException("refused", "ERROR", state, null)), null);
            assertEquals(400, response.getStatus(), state);
            assertEquals("VALIDATION_FAILED", response.getHeaderString("X-Plystra-Error-Code"));
        }
        assertEquals(500, new ErrorMapper().unexpected(new PgException("other", "ERROR", "XX000", null), null).getStatus());
        assertTrue(ControlCharacters.inText("a\u0000") && !ControlCharacters.inText("a\t\r\n"));
    }
}
