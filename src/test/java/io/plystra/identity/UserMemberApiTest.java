package io.plystra.identity;

import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.kernel.Timestamps;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DemoProfile.class)
class UserMemberApiTest {

    static final String ACME = "/api/v1/spaces/space_acme/user-members";

    @TestHTTPResource("/")
    URL base;

    static String bindings(String space) {
        return "/api/v1/spaces/" + space + "/user-members";
    }

    /** A new binding of {@code userId} to the demo member Finance Reviewer in space_acme. */
    static String bindToFinanceReviewer(String userId) {
        String id = "um_t_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "user_id", userId, "member_id", "member_finance_reviewer", "relation_type", "login"))
                .post(ACME).then().statusCode(201);
        return id;
    }

    static String decision(String userId, String bindingId) {
        Map<String, Object> actor = Map.of("user_id", userId, "member_id", "member_finance_reviewer",
                "user_member_id", bindingId, "space_id", "space_acme");
        Response r = asAdmin().body(check(actor, "invoice", "invoice_001", "approve")).post("/api/v1/authz/check");
        r.then().statusCode(200);
        String denyCode = r.path("data.deny_code");
        return denyCode == null ? r.path("data.decision") : denyCode;
    }

    /**
     * A space admin binds only users of its own space: a user of another space and an unknown user
     * get the same 400 (no pulling users in, no probing for ids); an instance-level grant may bind
     * any existing user.
     */
    @Test
    void aSpaceAdminCannotBindOrProbeUsersFromOutsideItsSpace() {
        String space = io.plystra.access.AccessFixtures.space();
        String member = io.plystra.access.AccessFixtures.member(space);
        String admin = io.plystra.access.AccessFixtures.spaceAdmin(space);
        String path = "/api/v1/spaces/" + space + "/user-members";
        String problem = "must name a user of this space (binding a user from elsewhere needs an instance-level grant)";
        String outsider = asAdmin().body(Map.of("email", "outsider" + System.nanoTime() + "@example.test")).post("/api/v1/users")
                .then().statusCode(201).extract().path("data.id");
        for (String user : List.of(outsider, "user_nobody_" + System.nanoTime())) {
            as(admin).body(Map.of("user_id", user, "member_id", member, "relation_type", "login", "is_primary", true))
                    .post(path).then().statusCode(400).body("error.details.fields.user_id", equalTo(problem));
        }
        asAdmin().body(Map.of("user_id", outsider, "member_id", member, "relation_type", "login"))
                .post(path).then().statusCode(201);
        String second = io.plystra.access.AccessFixtures.member(space);
        as(admin).body(Map.of("user_id", outsider, "member_id", second, "relation_type", "login"))
                .post(path).then().statusCode(201);
        asAdmin().body(Map.of("user_id", "user_nobody", "member_id", member, "relation_type", "login"))
                .post(path).then().statusCode(400).body("error.details.fields.user_id", equalTo("must name an existing user"));
    }

    @Test
    void revokingBindingDeniesCheckAndRestoringAllowsAgain() {
        String user = UserApiTest.newUser(null);
        String binding = bindToFinanceReviewer(user);
        assertEquals("allow", decision(user, binding));

        asAdmin().body(Map.of("revoked_reason", "left the team")).post(ACME + "/" + binding + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked"))
                .body("data.revoked_reason", equalTo("left the team"))
                .body("data.revoked_at", notNullValue());
        assertEquals("USER_MEMBER_REVOKED", decision(user, binding));

        asAdmin().post(ACME + "/" + binding + "/restore").then().statusCode(200)
                .body("data.status", equalTo("active"))
                .body("data.revoked_at", nullValue())
                .body("data.revoked_reason", nullValue());
        assertEquals("allow", decision(user, binding));
        assertEquals("allow", decision("user_bob", "um_bob_finance_reviewer"), "the demo binding is untouched");
    }

    @Test
    void createsReadsPatchesRevokesAndRestoresWithAnAuditRowEach() {
        String user = UserApiTest.newUser(null);
        String id = "um_t_" + System.nanoTime();
        String expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        asAdmin().body(Map.of("id", id, "user_id", user, "member_id", "member_invoice_creator", "relation_type", "delegate",
                        "expires_at", expires))
                .post(ACME).then().statusCode(201)
                .body("data.id", equalTo(id))
                .body("data.space_id", equalTo("space_acme"))
                .body("data.user_id", equalTo(user))
                .body("data.member_id", equalTo("member_invoice_creator"))
                .body("data.relation_type", equalTo("delegate"))
                .body("data.is_primary", equalTo(false))
                .body("data.status", equalTo("active"))
                .body("data.expires_at", equalTo(expires))
                .body("data.revoked_at", nullValue());
        asAdmin().get(ACME + "/" + id).then().statusCode(200).body("data.relation_type", equalTo("delegate"));
        asAdmin().body(Map.of("is_primary", true, "relation_type", "temporary")).patch(ACME + "/" + id).then().statusCode(200)
                .body("data.is_primary", equalTo(true)).body("data.relation_type", equalTo("temporary"))
                .body("data.expires_at", equalTo(expires));
        Map<String, Object> clear = new HashMap<>();
        clear.put("expires_at", null);
        asAdmin().body(clear).patch(ACME + "/" + id).then().statusCode(200).body("data.expires_at", nullValue())
                .body("data.is_primary", equalTo(true));
        asAdmin().post(ACME + "/" + id + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_reason", nullValue());
        asAdmin().post(ACME + "/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        List<Map<String, Object>> audit = TestDatabase.rows(
                "SELECT action, space_id, resource_type, actor_user_id FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", id);
        assertEquals(List.of("user_member.created", "user_member.updated", "user_member.updated", "user_member.revoked",
                "user_member.restored"), audit.stream().map(r -> r.get("action")).toList());
        assertEquals("space_acme", audit.get(0).get("space_id"));
        assertEquals("user_member", audit.get(0).get("resource_type"));
        assertEquals("user_alice", audit.get(0).get("actor_user_id"));
    }

    @Test
    void revokeNeedsNoBodyNorContentType() throws Exception {
        String binding = bindToFinanceReviewer(UserApiTest.newUser(null));
        HttpRequest bare = HttpRequest.newBuilder(base.toURI().resolve(ACME.substring(1) + "/" + binding + "/revoke"))
                .header("Authorization", "Bearer " + Api.login(Api.ALICE))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(bare, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("revoked", TestDatabase.rows("SELECT status FROM user_members WHERE id = ?", binding).get(0).get("status"));

        asAdmin().body(Map.of("revoked_reason", "second thoughts")).post(ACME + "/" + binding + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_reason", equalTo("second thoughts"));
    }

    @Test
    void disabledUserMayBeBoundButItsDecisionsDeny() {
        String user = UserApiTest.newUser(null);
        asAdmin().post("/api/v1/users/" + user + "/disable").then().statusCode(200);
        String binding = bindToFinanceReviewer(user);
        assertEquals("ACTOR_USER_INACTIVE", decision(user, binding));
    }

    @Test
    void userMustExistAndMemberMustBeOfThisSpace() {
        String user = UserApiTest.newUser(null);
        String space = GroupApiTest.newSpace();
        asAdmin().body(Map.of("user_id", user, "member_id", "member_finance_reviewer", "relation_type", "login"))
                .post(bindings(space)).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields.member_id", equalTo("must name a member of this space"));
        asAdmin().body(Map.of("user_id", "user_nobody", "member_id", "member_finance_reviewer", "relation_type", "login"))
                .post(ACME).then().statusCode(400)
                .body("error.details.fields.user_id", equalTo("must name an existing user"));
        asAdmin().body(Map.of("user_id", "user_nobody", "member_id", "member_nobody", "relation_type", "login"))
                .post(ACME).then().statusCode(400)
                .body("error.details.fields.user_id", equalTo("must name an existing user"))
                .body("error.details.fields.member_id", equalTo("must name a member of this space"));
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM user_members WHERE user_id = ?", user).size());
    }

    @Test
    void badInputIsValidationFailureNamingTheField() {
        String user = UserApiTest.newUser(null);
        Map<String, Object> base = Map.of("user_id", user, "member_id", "member_finance_reviewer");
        asAdmin().body(with(base, "relation_type", "owner")).post(ACME).then().statusCode(400)
                .body("error.details.fields.relation_type", equalTo("must be one of [login, delegate, temporary, service]"));
        asAdmin().body(Map.of("relation_type", "login")).post(ACME).then().statusCode(400)
                .body("error.details.fields.user_id", equalTo("is required"))
                .body("error.details.fields.member_id", equalTo("is required"));
        asAdmin().body(with(with(base, "relation_type", "login"), "expires_at", "2020-01-01T00:00:00Z")).post(ACME).then()
                .statusCode(400).body("error.details.fields.expires_at", equalTo("must be in the future"));
        asAdmin().body(with(with(base, "relation_type", "login"), "expires_at", "next tuesday")).post(ACME).then()
                .statusCode(400).body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
        asAdmin().body(with(with(base, "relation_type", "login"), "is_primary", "yes")).post(ACME).then()
                .statusCode(400).body("error.details.fields.is_primary", notNullValue());
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM user_members WHERE user_id = ?", user).size());

        String binding = bindToFinanceReviewer(user);
        asAdmin().body(Map.of("member_id", "member_invoice_creator")).patch(ACME + "/" + binding).then().statusCode(400)
                .body("error.details.fields.member_id", equalTo("cannot be changed"));
        asAdmin().body(Map.of("status", "revoked")).patch(ACME + "/" + binding).then().statusCode(400)
                .body("error.details.fields.status", equalTo("cannot be changed"));
        asAdmin().body(Map.of("expires_at", "2020-01-01T00:00:00Z")).patch(ACME + "/" + binding).then().statusCode(400)
                .body("error.details.fields.expires_at", equalTo("must be in the future"));
        asAdmin().queryParam("status", "disabled").get(ACME).then().statusCode(400)
                .body("error.details.fields.status", equalTo("must be one of [active, revoked]"));
        asAdmin().get(ACME + "/" + binding).then().body("data.member_id", equalTo("member_finance_reviewer"))
                .body("data.status", equalTo("active")).body("data.expires_at", nullValue());
    }

    @Test
    void duplicateIdIsConflict() {
        String user = UserApiTest.newUser(null);
        asAdmin().body(Map.of("id", "um_bob_finance_reviewer", "user_id", user, "member_id", "member_finance_reviewer",
                "relation_type", "login")).post(ACME).then().statusCode(409).body("error.code", equalTo("USER_MEMBER_CONFLICT"));
        assertEquals("user_bob", TestDatabase.rows("SELECT user_id FROM user_members WHERE id = 'um_bob_finance_reviewer'")
                .get(0).get("user_id"));
    }

    @Test
    void bindingOfAnotherSpaceIsNotFoundThroughThisSpace() {
        String space = GroupApiTest.newSpace();
        asAdmin().get(bindings(space) + "/um_bob_finance_reviewer").then().statusCode(404)
                .body("error.code", equalTo("USER_MEMBER_NOT_FOUND"));
        asAdmin().post(bindings(space) + "/um_bob_finance_reviewer/revoke").then().statusCode(404)
                .body("error.code", equalTo("USER_MEMBER_NOT_FOUND"));
        assertEquals("active", TestDatabase.rows("SELECT status FROM user_members WHERE id = 'um_bob_finance_reviewer'")
                .get(0).get("status"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get(ACME + "/um_missing").then().statusCode(404).body("error.code", equalTo("USER_MEMBER_NOT_FOUND"));
        asAdmin().body(Map.of("is_primary", true)).patch(ACME + "/um_missing").then().statusCode(404)
                .body("error.code", equalTo("USER_MEMBER_NOT_FOUND"));
        asAdmin().post(ACME + "/um_missing/revoke").then().statusCode(404).body("error.code", equalTo("USER_MEMBER_NOT_FOUND"));
        asAdmin().post(ACME + "/um_missing/restore").then().statusCode(404).body("error.code", equalTo("USER_MEMBER_NOT_FOUND"));
        asAdmin().get(bindings("space_missing")).then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
    }

    @Test
    void listFiltersByUserMemberAndStatusAndWalksEveryRowOnce() {
        String user = UserApiTest.newUser(null);
        List<String> created = List.of(bindToFinanceReviewer(user), bindToFinanceReviewer(user), bindToFinanceReviewer(user),
                bindToFinanceReviewer(user), bindToFinanceReviewer(user));
        assertEquals(created, PageWalk.ids(ACME, Map.of("user_id", user)));
        asAdmin().post(ACME + "/" + created.get(2) + "/revoke").then().statusCode(200);
        assertEquals(List.of(created.get(2)), PageWalk.ids(ACME, Map.of("user_id", user, "status", "revoked")));
        List<String> ofMember = PageWalk.ids(ACME, Map.of("member_id", "member_finance_reviewer"));
        assertTrue(ofMember.containsAll(created));
        assertTrue(ofMember.contains("um_bob_finance_reviewer"));
        List<String> all = PageWalk.ids(ACME, Map.of());
        assertTrue(all.containsAll(created) && all.contains("um_alice_finance_reviewer_expired"));
        assertEquals(List.of(), PageWalk.ids(bindings(GroupApiTest.newSpace()), Map.of()));
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get(ACME).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("user_members:read"));
        as(Api.BOB).post(ACME + "/um_alice_finance_reviewer/revoke").then().statusCode(403)
                .body("error.details.permission", equalTo("user_members:manage"));
        as(Api.BOB).body(Map.of("user_id", "user_bob", "member_id", "member_invoice_creator", "relation_type", "login"))
                .post(ACME).then().statusCode(403);
        assertEquals("active", TestDatabase.rows("SELECT status FROM user_members WHERE id = 'um_alice_finance_reviewer'")
                .get(0).get("status"));
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM user_members WHERE user_id = 'user_bob' AND member_id = 'member_invoice_creator'")
                .size());
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new HashMap<>(base);
        out.put(key, value);
        return out;
    }
}
