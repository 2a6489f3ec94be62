package io.plystra.session;

import static io.plystra.session.Accounts.as;
import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DemoProfile.class)
class ApiKeyApiTest {

    static final Map<String, Object> CHECK = Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve");

    @Inject
    ApiKeyUsage usage;

    @Test
    void keyChecksInItsSpaceAndCanDoNothingElseUntilRevoked() {
        Response created = asAdmin().body(Map.of("name", "gateway", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                .post("/api/v1/api-keys");
        created.then().statusCode(201)
                .body("data.key", matchesPattern("ply_key_[0-9a-f]{64}"))
                .body("data.permission_keys", equalTo(List.of("authz:check")))
                .body("data.space_id", equalTo("space_acme"))
                .body("data.status", equalTo("active"))
                .body("data.created_by_user_id", equalTo("user_alice"))
                .body("data", not(hasKey("key_hash")));
        String key = created.path("data.key");
        String id = created.path("data.id");
        created.then().body("data.key_prefix", equalTo(key.substring(0, 16)));
        String stored = TestDatabase.rows("SELECT key_hash FROM api_keys WHERE id = ?", id).get(0).get("key_hash").toString();
        assertEquals(Accounts.HASHER.hash(key), stored, "only the HMAC of the key is stored");
        created.then().body(not(containsString(stored)));

        withKey(key).body(CHECK).post("/api/v1/authz/check").then().statusCode(200).body("data.decision", equalTo("allow"));
        withKey(key).body(Map.of("resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"))
                .post("/api/v1/authz/check").then().statusCode(400).body("error.details.fields.actor", notNullValue());
        withKey(key).get("/api/v1/spaces").then().statusCode(403).body("error.details.permission", equalTo("spaces:read"));
        withKey(key).get("/api/v1/users").then().statusCode(403).body("error.details.permission", equalTo("users:read"));
        withKey(key).get("/api/v1/api-keys").then().statusCode(403);
        withKey(key).get("/api/v1/actor/context").then().statusCode(401);
        withKey(key).get("/api/v1/authz/../spaces").then().statusCode(403);

        asAdmin().get("/api/v1/api-keys/" + id).then().statusCode(200)
                .body("data", not(hasKey("key"))).body("data", not(hasKey("key_hash")))
                .body(not(containsString(stored)));
        asAdmin().queryParam("limit", 200).get("/api/v1/api-keys").then().statusCode(200)
                .body("data.id", hasItem(id)).body(not(containsString(stored))).body(not(containsString(key)));

        asAdmin().post("/api/v1/api-keys/" + id + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_at", notNullValue());
        withKey(key).body(CHECK).post("/api/v1/authz/check").then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_REQUIRED"));
        List<Object> actions = TestDatabase.rows("SELECT action FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", id)
                .stream().map(r -> r.get("action")).toList();
        assertEquals(List.of("api_key.created", "api_key.revoked"), actions);
        TestDatabase.rows("SELECT trace::text AS t FROM audit_logs WHERE resource_id = ?", id)
                .forEach(r -> assertEquals(-1, r.get("t").toString().indexOf(key.substring(16))));
    }

    @Test
    void keyOutsideItsSpaceIsForbidden() {
        String otherSpace = AdminGrantApiTest.newSpace();
        String key = create(Map.of("name", "other-space", "permission_keys", List.of("authz:check"), "space_id", otherSpace));
        withKey(key).body(CHECK).post("/api/v1/authz/check").then().statusCode(403)
                .body("error.details.permission", equalTo("authz:check"));
    }

    @Test
    void expiredKeyIsRefused() {
        Response created = asAdmin().body(Map.of("name", "short-lived", "permission_keys", List.of("authz:check"),
                "expires_at", Instant.now().plus(1, ChronoUnit.DAYS).toString())).post("/api/v1/api-keys");
        created.then().statusCode(201).body("data.expires_at", notNullValue());
        TestDatabase.update("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ?", (String) created.path("data.id"));
        withKey(created.path("data.key")).body(CHECK).post("/api/v1/authz/check").then().statusCode(401);
    }

    @Test
    void lastUsedAtIsWrittenByTheFlushNotByEachRequest() {
        Response created = asAdmin().body(Map.of("name", "counted", "permission_keys", List.of("authz:check"))).post("/api/v1/api-keys");
        String id = created.path("data.id");
        withKey(created.path("data.key")).body(CHECK).post("/api/v1/authz/check").then().statusCode(200);
        assertNull(TestDatabase.rows("SELECT last_used_at FROM api_keys WHERE id = ?", id).get(0).get("last_used_at"));
        usage.flush().await().indefinitely();
        assertNotNull(TestDatabase.rows("SELECT last_used_at FROM api_keys WHERE id = ?", id).get(0).get("last_used_at"));
        asAdmin().get("/api/v1/api-keys/" + id).then().statusCode(200).body("data.last_used_at", notNullValue());
    }

    @Test
    void creatorMustHoldEveryKeyItGrantsInThatSpace() {
        String user = Accounts.newUser("keymaker");
        Accounts.grant(user, "space_admin", "space_acme", "api_keys:*");
        String token = Accounts.accessToken(user);
        as(token).body(Map.of("name", "too-strong", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(403).body("error.details.permission", equalTo("authz:check"));
        as(token).body(Map.of("name", "instance-wide", "permission_keys", List.of("api_keys:read")))
                .post("/api/v1/api-keys").then().statusCode(403).body("error.details.permission", equalTo("api_keys:manage"));
        as(token).body(Map.of("name", "fine", "permission_keys", List.of("api_keys:read"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(201).body("data.created_by_user_id", equalTo(user));
        as(token).queryParam("limit", 200).get("/api/v1/api-keys").then().statusCode(200)
                .body("data.space_id", not(hasItem(nullValue())));
    }

    /** A key out of the caller's reach answers as an unknown one. */
    @Test
    void aKeyOfAnotherSpaceIsAsUnknown() {
        String id = asAdmin().body(Map.of("name", "elsewhere", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.id");
        String outsider = Accounts.newUser("keyoutsider");
        String other = "space_keys_" + System.nanoTime();
        asAdmin().body(Map.of("id", other, "name", "Other")).post("/api/v1/spaces").then().statusCode(201);
        Accounts.grant(outsider, "space_admin", other, "api_keys:*");
        String token = Accounts.accessToken(outsider);
        given().header("Authorization", "Bearer " + token).get("/api/v1/api-keys/" + id).then().statusCode(404)
                .body("error.code", equalTo("API_KEY_NOT_FOUND"));
        given().header("Authorization", "Bearer " + token).contentType(io.restassured.http.ContentType.JSON)
                .post("/api/v1/api-keys/" + id + "/revoke").then().statusCode(404)
                .body("error.code", equalTo("API_KEY_NOT_FOUND"));
    }

    /** A key minted by a key would outlive its parent: keys cannot mint keys. */
    @Test
    void apiKeyCannotCreateApiKeys() {
        String parent = create(Map.of("name", "key-maker", "permission_keys", List.of("api_keys:manage", "authz:check"),
                "expires_at", java.time.Instant.now().plusSeconds(180).toString()));
        withKey(parent).body(Map.of("name", "child", "permission_keys", List.of("authz:check")))
                .post("/api/v1/api-keys").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.message", equalTo("API keys cannot create API keys; use a user session"));
        assertEquals(List.of(), TestDatabase.rows("SELECT id FROM api_keys WHERE name = 'child'"));
    }

    @Test
    void apiKeyCannotCreateOrRevokeAdminGrants() {
        String key = create(Map.of("name", "grant-maker", "permission_keys", List.of("*")));
        String user = Accounts.newUser("keygranted");
        withKey(key).body(Map.of("user_id", user, "level", "space_admin", "space_id", "space_acme"))
                .post("/api/v1/admin/grants").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("admin_grants:manage"));
        String grant = Accounts.grant(user, "space_admin", "space_acme", "users:read");
        withKey(key).post("/api/v1/admin/grants/" + grant + "/revoke").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("admin_grants:manage"));
        withKey(key).get("/api/v1/admin/grants/" + grant).then().statusCode(200).body("data.status", equalTo("active"));
        assertEquals(List.of(Map.of("status", "active")), TestDatabase.rows("SELECT status FROM admin_grants WHERE user_id = ?", user));
    }

    @Test
    void groupAdminCannotMintAKeyStrongerThanItsGrant() {
        String user = Accounts.newUser("groupkeys");
        asAdmin().body(Map.of("user_id", user, "level", "group_admin", "space_id", "space_acme", "group_id", "group_finance",
                "permission_key", "*")).post("/api/v1/admin/grants").then().statusCode(201);
        as(Accounts.accessToken(user)).body(Map.of("name", "escalated", "permission_keys", List.of("spaces:manage"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(403).body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM api_keys WHERE created_by_user_id = ?", user).size());
    }

    @Test
    void keyLosesWhatItsCreatorNoLongerHolds() {
        String user = Accounts.newUser("keyowner");
        String checkGrant = Accounts.grant(user, "space_admin", "space_acme", "authz:check");
        String readGrant = Accounts.grant(user, "space_admin", "space_acme", "spaces:read");
        Accounts.grant(user, "space_admin", "space_acme", "api_keys:manage");
        String key = as(Accounts.accessToken(user))
                .body(Map.of("name", "delegated", "permission_keys", List.of("authz:check", "spaces:read"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        withKey(key).get("/api/v1/spaces/space_acme").then().statusCode(200);
        withKey(key).body(CHECK).post("/api/v1/authz/check").then().statusCode(200);

        asAdmin().post("/api/v1/admin/grants/" + readGrant + "/revoke").then().statusCode(200);
        withKey(key).get("/api/v1/spaces/space_acme").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED")).body("error.details.permission", equalTo("spaces:read"));
        withKey(key).body(CHECK).post("/api/v1/authz/check").then().statusCode(200);

        asAdmin().post("/api/v1/admin/grants/" + checkGrant + "/revoke").then().statusCode(200);
        withKey(key).body(CHECK).post("/api/v1/authz/check").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED")).body("error.details.permission", equalTo("authz:check"));
    }

    @Test
    void badKeysAreRefusedNamingTheField() {
        refused(Map.of("name", "x"), "permission_keys");
        refused(Map.of("name", "x", "permission_keys", List.of()), "permission_keys");
        refused(Map.of("name", "x", "permission_keys", List.of("authz check")), "permission_keys");
        refused(Map.of("permission_keys", List.of("authz:check")), "name");
        refused(Map.of("name", "x", "permission_keys", List.of("authz:check"), "expires_at", "tomorrow"), "expires_at");
        refused(Map.of("name", "x", "permission_keys", List.of("authz:check"), "expires_at", "2020-01-01T00:00:00Z"), "expires_at");
        refused(Map.of("name", "x", "permission_keys", List.of("authz:check"), "space_id", "space_missing"), "space_id");
        asAdmin().get("/api/v1/api-keys/key_missing").then().statusCode(404).body("error.code", equalTo("API_KEY_NOT_FOUND"));
        asAdmin().post("/api/v1/api-keys/key_missing/revoke").then().statusCode(404).body("error.code", equalTo("API_KEY_NOT_FOUND"));
        asAdmin().get("/api/v1/api-keys?status=lost").then().statusCode(400).body("error.details.fields.status", notNullValue());
    }

    private static String create(Map<String, Object> body) {
        return asAdmin().body(body).post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
    }

    private static void refused(Map<String, Object> body, String field) {
        asAdmin().body(body).post("/api/v1/api-keys").then().statusCode(400).body("error.details.fields." + field, notNullValue());
    }

    private static io.restassured.specification.RequestSpecification withKey(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(io.restassured.http.ContentType.JSON);
    }
}
