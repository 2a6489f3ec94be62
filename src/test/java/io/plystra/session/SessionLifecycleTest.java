package io.plystra.session;

import static io.plystra.session.Accounts.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Refresh with rotation, reuse detection, logout, the actor context and switching member. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class SessionLifecycleTest {

    @Test
    void refreshRotatesBothTokensAndTheOldAccessTokenStops() {
        Response login = Accounts.login(Accounts.newUser("refresher"));
        String access = login.path("data.access_token");
        String refresh = login.path("data.refresh_token");

        Response rotated = refresh(refresh);
        rotated.then().statusCode(200)
                .body("data.access_token", matchesPattern("ply_at_[0-9a-f]{64}"))
                .body("data.refresh_token", matchesPattern("ply_rt_[0-9a-f]{64}"))
                .body("data.token_type", equalTo("Bearer"))
                .body("data.refresh_expires_at", equalTo(login.path("data.refresh_expires_at")));
        String newAccess = rotated.path("data.access_token");
        String newRefresh = rotated.path("data.refresh_token");
        assertNotEquals(access, newAccess);
        assertNotEquals(refresh, newRefresh);
        assertFalse(rotated.asString().contains(Accounts.HASHER.hash(newRefresh)), "no token hash in the answer");

        as(access).get("/api/v1/actor/context").then().statusCode(401);
        as(newAccess).get("/api/v1/actor/context").then().statusCode(200)
                .body("data.expires_at", equalTo(rotated.path("data.expires_at")));
        refresh(newRefresh).then().statusCode(200);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheWholeSession() {
        Response login = Accounts.login(Accounts.newUser("replayed"));
        String stolen = login.path("data.refresh_token");
        Response rotated = refresh(stolen);
        rotated.then().statusCode(200);

        refresh(stolen).then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
        as(rotated.path("data.access_token")).get("/api/v1/actor/context").then().statusCode(401);
        refresh(rotated.path("data.refresh_token")).then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
        assertEquals("refresh_token_reused", TestDatabase.rows("SELECT revoked_reason FROM sessions WHERE refresh_token_hash = ?",
                Accounts.HASHER.hash(rotated.path("data.refresh_token"))).get(0).get("revoked_reason"));
    }

    @Test
    void expiredUnknownOrMissingRefreshTokenIsRefused() {
        Response login = Accounts.login(Accounts.newUser("expiring"));
        String refresh = login.path("data.refresh_token");
        TestDatabase.update("UPDATE sessions SET refresh_expires_at = now() - interval '1 second' WHERE refresh_token_hash = ?",
                Accounts.HASHER.hash(refresh));
        refresh(refresh).then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
        refresh("ply_rt_" + "0".repeat(64)).then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
        refresh(login.path("data.access_token")).then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/v1/auth/refresh").then().statusCode(400)
                .body("error.details.fields.refresh_token", equalTo("is required"));
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", "x", "extra", 1)).post("/api/v1/auth/refresh")
                .then().statusCode(400).body("error.details.fields.extra", equalTo("unknown field"));
    }

    @Test
    void logoutEndsTheSessionAndItsRefreshToken() {
        Response login = Accounts.login(Accounts.newUser("leaver"));
        String access = login.path("data.access_token");
        as(access).post("/api/v1/auth/logout").then().statusCode(200).body("data.logged_out", equalTo(true));
        as(access).get("/api/v1/actor/context").then().statusCode(401);
        refresh(login.path("data.refresh_token")).then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
    }

    @Test
    void switchMemberMakesAnotherBindingTheActor() {
        String user = Accounts.newUser("switcher");
        String primary = bind(user, "member_finance_reviewer", true, "active", null);
        String second = bind(user, "member_invoice_creator", false, "active", null);
        Response login = Accounts.login(user);
        login.then().body("data.actor.user_member_id", equalTo(primary)).body("data.available_members.size()", equalTo(2));
        String access = login.path("data.access_token");

        as(access).body(Map.of("user_member_id", second)).post("/api/v1/actor/switch-member").then().statusCode(200)
                .body("data.actor.user_id", equalTo(user))
                .body("data.actor.user_member_id", equalTo(second))
                .body("data.actor.member_id", equalTo("member_invoice_creator"))
                .body("data.actor.space_id", equalTo("space_acme"))
                .body("data.expires_at", equalTo(login.path("data.expires_at")));
        as(access).get("/api/v1/actor/context").then().statusCode(200)
                .body("data.actor.user_member_id", equalTo(second))
                .body("data.session_id", matchesPattern("ses_[0-9a-f]{24}"))
                .body("data.expires_at", equalTo(login.path("data.expires_at")));
    }

    @Test
    void switchMemberToABindingThatIsNotUsableIsForbidden() {
        String user = Accounts.newUser("stuck");
        String primary = bind(user, "member_finance_reviewer", true, "active", null);
        String revoked = bind(user, "member_invoice_creator", false, "revoked", null);
        String expired = bind(user, "member_invoice_creator", false, "active", "2020-01-01T00:00:00Z");
        String access = Accounts.accessToken(user);
        for (String target : new String[] {revoked, expired, "um_bob_finance_reviewer", "um_missing_" + System.nanoTime()}) {
            as(access).body(Map.of("user_member_id", target)).post("/api/v1/actor/switch-member").then().statusCode(403)
                    .body("error.code", equalTo("ACTIVE_MEMBER_REQUIRED"));
        }
        as(access).body(Map.of()).post("/api/v1/actor/switch-member").then().statusCode(400)
                .body("error.details.fields.user_member_id", equalTo("is required"));
        as(access).get("/api/v1/actor/context").then().statusCode(200).body("data.actor.user_member_id", equalTo(primary));
    }

    @Test
    void loginAnswersNeverCarryStoredHashes() {
        String user = Accounts.newUser("hashless");
        Response login = Accounts.login(user);
        String body = login.asString();
        for (Map<String, Object> row : TestDatabase.rows("SELECT access_token_hash, refresh_token_hash FROM sessions WHERE user_id = ?", user)) {
            login.then().body(not(containsString(row.get("access_token_hash").toString())))
                    .body(not(containsString(row.get("refresh_token_hash").toString())));
        }
        assertFalse(body.contains("password_hash") || body.contains("$argon2id$"), body);
    }

    private static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", refreshToken)).post("/api/v1/auth/refresh");
    }

    /** A binding of the user to a demo member in space_acme; returns its id. */
    static String bind(String userId, String memberId, boolean primary, String status, String expiresAt) {
        String id = "um_" + userId + "_" + System.nanoTime();
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type, is_primary, status, expires_at) "
                + "VALUES (?, 'space_acme', ?, ?, 'delegate', ?, ?, CAST(? AS timestamptz))", id, userId, memberId, primary, status, expiresAt);
        return id;
    }
}
