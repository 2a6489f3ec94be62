package io.plystra.identity;

import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.session.Accounts;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

@QuarkusTest
@TestProfile(DemoProfile.class)
class UserApiTest {

    static final String PASSWORD = "correct horse battery";

    static String newUser(String password) {
        String id = "user_t_" + System.nanoTime();
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "email", id + "@example.test"));
        if (password != null) {
            body.put("password", password);
        }
        asAdmin().body(body).post("/api/v1/users").then().statusCode(201);
        return id;
    }

    static int login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/login").statusCode();
    }

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String id = "user_t_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "email", id + "@Example.test", "password", PASSWORD, "username", id, "phone", "+1 555 0100"))
                .post("/api/v1/users").then().statusCode(201)
                .body("data.id", equalTo(id))
                .body("data.email", equalTo(id + "@Example.test"))
                .body("data.has_password", equalTo(true))
                .body("data.status", equalTo("active"))
                .body("data", not(hasKey("password_hash")))
                .body("data", not(hasKey("password")));
        String hash = (String) TestDatabase.rows("SELECT password_hash FROM users WHERE id = ?", id).get(0).get("password_hash");
        assertTrue(hash.startsWith("$argon2id$v=19$"), hash);

        asAdmin().get("/api/v1/users/" + id).then().statusCode(200)
                .body("data.username", equalTo(id)).body("data.phone", equalTo("+1 555 0100"))
                .body("data", not(hasKey("password_hash")));
        asAdmin().body(Map.of("username", id + "_renamed")).patch("/api/v1/users/" + id).then().statusCode(200)
                .body("data.username", equalTo(id + "_renamed"))
                .body("data.phone", equalTo("+1 555 0100"))
                .body("data.has_password", equalTo(true));
        asAdmin().post("/api/v1/users/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post("/api/v1/users/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        List<Map<String, Object>> audit = TestDatabase.rows(
                "SELECT action, space_id, actor_user_id, decision, resource_type, trace::text AS trace FROM audit_logs "
                        + "WHERE resource_id = ? ORDER BY created_at, id", id);
        assertEquals(List.of("user.created", "user.updated", "user.disabled", "user.restored"),
                audit.stream().map(r -> r.get("action")).toList());
        assertEquals("user_alice", audit.get(0).get("actor_user_id"));
        assertEquals("user", audit.get(0).get("resource_type"));
        assertEquals("allow", audit.get(0).get("decision"));
        assertEquals(null, audit.get(0).get("space_id"));
        assertTrue(audit.stream().noneMatch(r -> r.get("trace").toString().contains("argon2")), "no hash in an audit trace");
    }

    @Test
    void userWithoutPasswordHasNone() {
        String id = newUser(null);
        asAdmin().get("/api/v1/users/" + id).then().statusCode(200).body("data.has_password", equalTo(false));
        assertEquals(null, TestDatabase.rows("SELECT password_hash FROM users WHERE id = ?", id).get(0).get("password_hash"));
    }

    @Test
    void patchedPasswordIsRehashedAndOnlyTheNewOneLogsIn() {
        String id = newUser(PASSWORD);
        String email = id + "@example.test";
        assertEquals(200, login(email, PASSWORD));
        String before = (String) TestDatabase.rows("SELECT password_hash FROM users WHERE id = ?", id).get(0).get("password_hash");

        asAdmin().body(Map.of("password", "another long secret")).patch("/api/v1/users/" + id).then().statusCode(200)
                .body("data.has_password", equalTo(true)).body("data", not(hasKey("password_hash")));

        String after = (String) TestDatabase.rows("SELECT password_hash FROM users WHERE id = ?", id).get(0).get("password_hash");
        assertNotEquals(before, after);
        assertTrue(after.startsWith("$argon2id$"), after);
        assertEquals(401, login(email, PASSWORD));
        assertEquals(200, login(email, "another long secret"));
    }

    @Test
    void disabledUserCannotLogInUntilRestored() {
        String id = newUser(PASSWORD);
        asAdmin().post("/api/v1/users/" + id + "/disable").then().statusCode(200);
        assertEquals(403, login(id + "@example.test", PASSWORD));
        asAdmin().post("/api/v1/users/" + id + "/restore").then().statusCode(200);
        assertEquals(200, login(id + "@example.test", PASSWORD));
    }

    /** An access and a refresh token of a fresh login. */
    static String[] tokens(String email, String password) {
        var answer = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/api/v1/auth/login").then().statusCode(200).extract();
        return new String[] {answer.path("data.access_token"), answer.path("data.refresh_token")};
    }

    static void assertSessionEnded(String[] tokens) {
        given().header("Authorization", "Bearer " + tokens[0]).get("/api/v1/actor/context").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", tokens[1])).post("/api/v1/auth/refresh")
                .then().statusCode(401).body("error.code", equalTo("SESSION_EXPIRED"));
    }

    @Test
    void aPasswordChangeEndsEverySessionAndTheAuditRowSaysSoWithoutThePassword() {
        String id = newUser(PASSWORD);
        String[] old = tokens(id + "@example.test", PASSWORD);
        given().header("Authorization", "Bearer " + old[0]).get("/api/v1/actor/context").then().statusCode(200);
        asAdmin().body(Map.of("password", "another long secret")).patch("/api/v1/users/" + id).then().statusCode(200);
        assertSessionEnded(old);
        String trace = (String) TestDatabase.rows("SELECT trace::text AS trace FROM audit_logs WHERE resource_id = ? "
                + "AND action = 'user.updated' ORDER BY created_at DESC LIMIT 1", id).get(0).get("trace");
        assertTrue(trace.contains("\"password_changed\": true") || trace.contains("\"password_changed\":true"), trace);
        assertTrue(!trace.contains("another long secret") && !trace.contains("argon2"), trace);
    }

    @Test
    void disablingEndsEverySessionAndRestoringRevivesNone() {
        String id = newUser(PASSWORD);
        String[] old = tokens(id + "@example.test", PASSWORD);
        asAdmin().post("/api/v1/users/" + id + "/disable").then().statusCode(200);
        asAdmin().post("/api/v1/users/" + id + "/restore").then().statusCode(200);
        assertSessionEnded(old);
    }

    @Test
    void anAdminEndsAUsersSessionsWithAnAuditRow() {
        String id = newUser(PASSWORD);
        String[] first = tokens(id + "@example.test", PASSWORD);
        String[] second = tokens(id + "@example.test", PASSWORD);
        asAdmin().post("/api/v1/users/" + id + "/sessions/revoke").then().statusCode(200)
                .body("data.user_id", equalTo(id)).body("data.sessions_revoked", equalTo(2));
        assertSessionEnded(first);
        assertSessionEnded(second);
        assertEquals(1, TestDatabase.rows("SELECT id FROM audit_logs WHERE resource_id = ? AND action = 'user.sessions_revoked'",
                id).size());
        assertEquals(200, login(id + "@example.test", PASSWORD), "the account itself still logs in");
        asAdmin().post("/api/v1/users/user_nobody_" + System.nanoTime() + "/sessions/revoke").then().statusCode(404)
                .body("error.code", equalTo("USER_NOT_FOUND"));
    }

    @Test
    void emailAndUsernameAreUniqueCaseInsensitively() {
        String id = newUser(null);
        asAdmin().body(Map.of("email", id.toUpperCase() + "@EXAMPLE.TEST")).post("/api/v1/users").then().statusCode(409)
                .body("error.code", equalTo("USER_CONFLICT"));
        asAdmin().body(Map.of("email", "x" + id + "@example.test", "username", "ALICE")).post("/api/v1/users").then()
                .statusCode(409).body("error.code", equalTo("USER_CONFLICT"));
        asAdmin().body(Map.of("id", id, "email", "y" + id + "@example.test")).post("/api/v1/users").then().statusCode(409);
        asAdmin().body(Map.of("email", "ALICE@example.com")).patch("/api/v1/users/" + id).then().statusCode(409)
                .body("error.code", equalTo("USER_CONFLICT"));
        asAdmin().get("/api/v1/users/" + id).then().body("data.email", equalTo(id + "@example.test"));
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM users WHERE email IN (?, ?)", "x" + id + "@example.test",
                "y" + id + "@example.test").size());
    }

    /**
     * Look-alike emails: a full-width address is the same account as its plain form (NFKC), for
     * uniqueness, for the list filter and for login; an address that mixes Latin with a Cyrillic
     * look-alike letter is refused; a single non-Latin script is fine.
     */
    @Test
    void lookAlikeEmailsAreNormalizedOrRefused() {
        asAdmin().body(Map.of("email", "\uff41\uff4c\uff49\uff43\uff45@example.com")).post("/api/v1/users").then().statusCode(409)
                .body("error.code", equalTo("USER_CONFLICT"));
        asAdmin().body(Map.of("email", "\u0430lice@example.com")).post("/api/v1/users").then().statusCode(400)
                .body("error.details.fields.email", org.hamcrest.Matchers.containsString("mixes the scripts"));
        asAdmin().body(Map.of("email", "alice@ex\u0430mple.com")).post("/api/v1/users").then().statusCode(400);
        String cyrillic = "\u0434\u0438\u043c\u0430" + System.nanoTime() + "@example.com";
        asAdmin().body(Map.of("email", cyrillic)).post("/api/v1/users").then().statusCode(201);
        asAdmin().queryParam("email", "\uff41lice@example.com").get("/api/v1/users").then().statusCode(200)
                .body("data[0].id", equalTo("user_alice"));
        assertEquals(200, login("\uff41\uff4c\uff49\uff43\uff45@example.com", "plystra-demo"), "the full-width form signs in as alice");
    }

    @Test
    void listFiltersByEmailCaseInsensitivelyAndByStatus() {
        String id = newUser(null);
        asAdmin().queryParam("email", id.toUpperCase() + "@EXAMPLE.test").get("/api/v1/users").then().statusCode(200)
                .body("data.id", equalTo(List.of(id))).body("data[0]", not(hasKey("password_hash")));
        asAdmin().post("/api/v1/users/" + id + "/disable").then().statusCode(200);
        List<String> disabled = PageWalk.ids("/api/v1/users", Map.of("status", "disabled"));
        assertTrue(disabled.contains(id));
        assertFalse(disabled.contains("user_alice"));
        asAdmin().queryParam("status", "gone").get("/api/v1/users").then().statusCode(400)
                .body("error.details.fields.status", equalTo("must be one of [active, disabled]"));
    }

    @Test
    void paginatedWalkSeesEveryUserOnce() {
        List<String> created = List.of(newUser(null), newUser(null), newUser(null), newUser(null), newUser(null));
        List<String> seen = PageWalk.ids("/api/v1/users", Map.of());
        assertTrue(seen.containsAll(created));
        assertTrue(seen.containsAll(List.of("user_alice", "user_bob")));
        assertEquals(seen.indexOf(created.get(0)) + 1, seen.indexOf(created.get(1)), "oldest first");
    }

    @Test
    void badInputIsValidationFailureNamingTheField() {
        asAdmin().body(Map.of("email", "not-an-email")).post("/api/v1/users").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields.email", equalTo("must be a valid email"));
        asAdmin().body(Map.of("username", "nobody")).post("/api/v1/users").then().statusCode(400)
                .body("error.details.fields.email", equalTo("must be a valid email"));
        asAdmin().body(Map.of("email", "short" + System.nanoTime() + "@example.test", "password", "1234567"))
                .post("/api/v1/users").then().statusCode(400)
                .body("error.details.fields.password", equalTo("must be 8 to 1024 characters"));
        asAdmin().body(Map.of("email", "x@example.test", "password_hash", "$argon2id$forged")).post("/api/v1/users").then()
                .statusCode(400).body("error.details.fields.password_hash", equalTo("unknown field"));
        asAdmin().body(Map.of("status", "disabled")).patch("/api/v1/users/user_bob").then().statusCode(400)
                .body("error.details.fields.status", equalTo("cannot be changed"));
        asAdmin().body(Map.of("password", "short")).patch("/api/v1/users/user_bob").then().statusCode(400)
                .body("error.details.fields.password", equalTo("must be 8 to 1024 characters"));
        Map<String, Object> noPassword = new HashMap<>();
        noPassword.put("password", null);
        asAdmin().body(noPassword).patch("/api/v1/users/user_bob").then().statusCode(400)
                .body("error.details.fields.password", equalTo("must not be null"));
        asAdmin().body(Map.of("email", "x@example.test", "username", " ")).post("/api/v1/users").then().statusCode(400)
                .body("error.details.fields.username", equalTo("must be 1 to 256 characters, not blank"));
        asAdmin().body(Map.of("email", "")).patch("/api/v1/users/user_bob").then().statusCode(400)
                .body("error.details.fields.email", equalTo("must be a valid email"));
        asAdmin().get("/api/v1/users/user_bob").then().body("data.email", equalTo(Api.BOB)).body("data.status", equalTo("active"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get("/api/v1/users/user_missing").then().statusCode(404).body("error.code", equalTo("USER_NOT_FOUND"));
        asAdmin().body(Map.of("phone", "1")).patch("/api/v1/users/user_missing").then().statusCode(404)
                .body("error.code", equalTo("USER_NOT_FOUND"));
        asAdmin().body(Map.of("password", PASSWORD)).patch("/api/v1/users/user_missing").then().statusCode(404);
        asAdmin().post("/api/v1/users/user_missing/disable").then().statusCode(404).body("error.code", equalTo("USER_NOT_FOUND"));
        asAdmin().post("/api/v1/users/user_missing/restore").then().statusCode(404).body("error.code", equalTo("USER_NOT_FOUND"));
    }

    @Test
    void onlyASuperAdminChangesOrDisablesASuperAdmin() {
        String target = Accounts.newUser("superadmin");
        String superGrant = Accounts.grant(target, "instance_super_admin", null, "*");
        String instanceAdmin = Accounts.newUser("instadmin");
        Accounts.grant(instanceAdmin, "instance_admin", null, "*");
        String token = Accounts.accessToken(instanceAdmin);

        Accounts.as(token).body(Map.of("password", "taken-over-now")).patch("/api/v1/users/" + target).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED")).body("error.details.permission", equalTo("users:manage"));
        Accounts.as(token).body(Map.of("email", "mine" + System.nanoTime() + "@example.test")).patch("/api/v1/users/" + target)
                .then().statusCode(403).body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
        Accounts.as(token).post("/api/v1/users/" + target + "/disable").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
        asAdmin().get("/api/v1/users/" + target).then().statusCode(200)
                .body("data.status", equalTo("active")).body("data.email", equalTo(Accounts.email(target)));
        Accounts.login(target);

        String plain = Accounts.newUser("plain");
        Accounts.as(token).body(Map.of("phone", "12345")).patch("/api/v1/users/" + plain).then().statusCode(200);
        Accounts.as(token).post("/api/v1/users/" + plain + "/disable").then().statusCode(200);
        asAdmin().body(Map.of("phone", "12345")).patch("/api/v1/users/" + target).then().statusCode(200);

        asAdmin().post("/api/v1/admin/grants/" + superGrant + "/revoke").then().statusCode(200);
        Accounts.as(token).post("/api/v1/users/" + target + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get("/api/v1/users").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("users:read"));
        as(Api.BOB).get("/api/v1/users/user_bob").then().statusCode(403);
        String email = "nope" + System.nanoTime() + "@example.test";
        as(Api.BOB).body(Map.of("email", email, "password", PASSWORD)).post("/api/v1/users").then().statusCode(403)
                .body("error.details.permission", equalTo("users:manage"));
        as(Api.BOB).post("/api/v1/users/user_alice/disable").then().statusCode(403);
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM users WHERE email = ?", email).size());
        asAdmin().get("/api/v1/users/user_alice").then().body("data.status", equalTo("active"))
                .body("data.phone", nullValue());
    }
}
