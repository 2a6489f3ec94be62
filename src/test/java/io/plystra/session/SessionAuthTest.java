package io.plystra.session;

import static io.plystra.testsupport.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DemoProfile.class)
class SessionAuthTest {

    static final Map<String, Object> CHECK = Map.of("actor", Map.of("user_id", "user_bob", "member_id", "member_finance_reviewer",
            "user_member_id", "um_bob_finance_reviewer", "space_id", "space_acme"),
            "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve");

    @Test
    void loginReturnsOpaqueTokensTheActiveActorAndNoSecrets() {
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("email", "ALICE@example.com", "password", Api.PASSWORD)).post("/api/v1/auth/login");
        login.then().statusCode(200)
                .body("data.access_token", matchesPattern("ply_at_[0-9a-f]{64}"))
                .body("data.refresh_token", matchesPattern("ply_rt_[0-9a-f]{64}"))
                .body("data.token_type", equalTo("Bearer"))
                .body("data.user.id", equalTo("user_alice"))
                .body("data.user", not(hasKey("password_hash")))
                .body("data.actor.user_member_id", equalTo("um_alice_finance_reviewer"))
                .body("data.available_members.size()", equalTo(1));
        String token = login.path("data.access_token");
        var stored = TestDatabase.rows("SELECT access_token_hash FROM sessions WHERE user_id = 'user_alice'");
        assertTrue(stored.stream().noneMatch(r -> r.get("access_token_hash").equals(token)), "only the HMAC is stored");
        String hash = TestDatabase.rows("SELECT password_hash FROM users WHERE id = 'user_alice'").get(0).get("password_hash").toString();
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    }

    @Test
    void unknownEmailAndWrongPasswordGiveTheSameAnswer() {
        Response unknown = given().contentType(ContentType.JSON)
                .body(Map.of("email", "nobody@example.com", "password", "whatever-pass")).post("/api/v1/auth/login");
        Response wrong = given().contentType(ContentType.JSON)
                .body(Map.of("email", "bob@example.com", "password", "wrong-password")).post("/api/v1/auth/login");
        assertEquals(401, unknown.statusCode());
        assertEquals(401, wrong.statusCode());
        assertEquals((String) unknown.path("error.code"), wrong.path("error.code"));
        assertEquals((String) unknown.path("error.message"), wrong.path("error.message"));
    }

    @Test
    void loginNeedsEmailAndPassword() {
        given().contentType(ContentType.JSON).body(Map.of("email", "")).post("/api/v1/auth/login")
                .then().statusCode(400)
                .body("error.details.fields.email", equalTo("must be a valid email"))
                .body("error.details.fields.password", equalTo("is required"));
    }

    @Test
    void protectedRoutesNeedAValidBearerToken() {
        given().contentType(ContentType.JSON).body(CHECK).post("/api/v1/authz/check")
                .then().statusCode(401).header("X-Plystra-Error-Code", "AUTHENTICATION_REQUIRED")
                .body("error.code", equalTo("AUTHENTICATION_REQUIRED"));
        given().auth().oauth2("ply_at_" + "0".repeat(64)).contentType(ContentType.JSON).body(CHECK)
                .post("/api/v1/authz/check").then().statusCode(401);
        given().header("Authorization", "Basic YWxpY2U6eA==").contentType(ContentType.JSON).body(CHECK)
                .post("/api/v1/authz/check").then().statusCode(401);
    }

    @Test
    void userWithoutAuthzCheckGrantIsForbiddenAndNothingIsAudited() {
        long before = countAudit();
        as(Api.BOB).body(CHECK).post("/api/v1/authz/check").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("authz:check"));
        assertEquals(before, countAudit());
    }

    @Test
    void logoutStopsTheTokenAtOnce() {
        String token = given().contentType(ContentType.JSON).body(Map.of("email", Api.ALICE, "password", Api.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("data.access_token");
        given().auth().oauth2(token).get("/api/v1/actor/context").then().statusCode(200)
                .body("data.actor.user_id", equalTo("user_alice"));
        given().auth().oauth2(token).post("/api/v1/auth/logout").then().statusCode(200)
                .body("data.logged_out", equalTo(true));
        given().auth().oauth2(token).get("/api/v1/actor/context").then().statusCode(401);
    }

    @Test
    void expiredAccessTokenIsSessionExpired() {
        String token = given().contentType(ContentType.JSON).body(Map.of("email", Api.BOB, "password", Api.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("data.access_token");
        // Only the session just opened: other tests share bob's cached token (testsupport/Api).
        TestDatabase.update("UPDATE sessions SET access_expires_at = now() - interval '1 second' WHERE id = "
                + "(SELECT id FROM sessions WHERE user_id = 'user_bob' ORDER BY created_at DESC, id DESC LIMIT 1)");
        given().auth().oauth2(token).get("/api/v1/actor/context").then().statusCode(401)
                .body("error.code", equalTo("SESSION_EXPIRED"));
    }

    private static long countAudit() {
        return ((Number) TestDatabase.rows("SELECT count(*) AS n FROM audit_logs").get(0).get("n")).longValue();
    }

    /** A password is a JSON string of 1 to 1024 characters; anything else says what is wrong with it. */
    @Test
    void aPasswordThatIsNoStringOrTooLongIsRefusedSayingWhy() {
        for (String password : new String[] {"12345678", "true", "[\"a\"]"}) {
            io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                    .body("{\"email\":\"alice@example.com\",\"password\":" + password + "}").post("/api/v1/auth/login")
                    .then().statusCode(400).body("error.details.fields.password", org.hamcrest.Matchers.notNullValue());
        }
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("email", "alice@example.com", "password", "p".repeat(1025))).post("/api/v1/auth/login")
                .then().statusCode(400).body("error.details.fields.password", org.hamcrest.Matchers.equalTo("must be at most 1024 characters"));
    }
}
