package io.plystra.testsupport;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** RestAssured against the running test server, logged in as a demo user. */
public final class Api {

    public static final String ALICE = "alice@example.com";
    public static final String BOB = "bob@example.com";
    public static final String PASSWORD = "plystra-demo";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    public static String login(String email) {
        return TOKENS.computeIfAbsent(email, e -> given().contentType(ContentType.JSON)
                .body(Map.of("email", e, "password", PASSWORD))
                .post("/api/v1/auth/login")
                .then().statusCode(200)
                .extract().path("data.access_token"));
    }

    /** A request as alice, the super admin of the test database. */
    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(login(ALICE)).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String email) {
        return given().auth().oauth2(login(email)).contentType(ContentType.JSON);
    }

    public static Map<String, Object> actor(String userId, String userMemberId) {
        return Map.of("user_id", userId, "member_id", "member_finance_reviewer",
                "user_member_id", userMemberId, "space_id", "space_acme");
    }

    public static Map<String, Object> check(Map<String, Object> actor, String type, String id, String action) {
        return Map.of("actor", actor, "resource_type", type, "resource_id", id, "action", action);
    }
}
