package io.plystra.session;

import io.plystra.kernel.PasswordHasher;

import static io.restassured.RestAssured.given;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.TestDatabase;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Fresh users of the test database (unique per call), their logins, and logins from a chosen loopback address. */
public final class Accounts {

    public static final String PASSWORD = "correct-horse-battery";
    /** The test profile's PLYSTRA_SESSION_SECRET, to compute what the server stores. */
    public static final TokenHasher HASHER = new TokenHasher("plystra-test-session-secret-0123456789abcdef");
    private static final String HASHED = PasswordHasher.hash(PASSWORD.toCharArray());

    private Accounts() {
    }

    /** A new active user with {@link #PASSWORD}; returns its id. Its email is {@code <id>@example.test}. */
    public static String newUser(String prefix) {
        String id = prefix + "_" + System.nanoTime();
        TestDatabase.update("INSERT INTO users (id, email, password_hash) VALUES (?, ?, ?)", id, email(id), HASHED);
        return id;
    }

    public static String email(String userId) {
        return userId + "@example.test";
    }

    /** A new login of the user: the whole login answer. */
    public static Response login(String userId) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email(userId), "password", PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200).extract().response();
    }

    public static String accessToken(String userId) {
        return login(userId).path("data.access_token");
    }

    public static RequestSpecification as(String accessToken) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON);
    }

    /** As alice, the super admin, grants {@code level} (with {@code permission_key}) to the user; returns the grant id. */
    public static String grant(String userId, String level, String spaceId, String permissionKey) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("user_id", userId, "level", level, "permission_key", permissionKey));
        if (spaceId != null) {
            body.put("space_id", spaceId);
        }
        return Api.asAdmin().body(body).post("/api/v1/admin/grants").then().statusCode(201).extract().path("data.id");
    }

    /** A login attempt sent from {@code ip} (a 127.x.y.z address: the server sees it as the client IP). */
    public static Response loginFrom(String ip, String email, String password) {
        try {
            HttpClientConfig client = HttpClientConfig.httpClientConfig()
                    .setParam("http.route.local-address", InetAddress.getByName(ip));
            return given().baseUri("http://127.0.0.1").config(RestAssured.config().httpClient(client))
                    .contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                    .post("/api/v1/auth/login");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** A loopback address no other test uses (never 127.0.0.1, where the other tests come from). */
    public static String freshLoopbackAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }
}
