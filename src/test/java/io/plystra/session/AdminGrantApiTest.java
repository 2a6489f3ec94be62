package io.plystra.session;

import static io.plystra.session.Accounts.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DemoProfile.class)
class AdminGrantApiTest {

    @Test
    void superAdminCreatesReadsListsAndRevokesAGrantWithAnAuditRowEach() {
        String user = Accounts.newUser("granted");
        String id = asAdmin().body(Map.of("user_id", user, "level", "space_admin", "space_id", "space_acme", "permission_key", "users:read"))
                .post("/api/v1/admin/grants").then().statusCode(201)
                .body("data.user_id", equalTo(user))
                .body("data.level", equalTo("space_admin"))
                .body("data.space_id", equalTo("space_acme"))
                .body("data.group_id", nullValue())
                .body("data.permission_key", equalTo("users:read"))
                .body("data.status", equalTo("active"))
                .body("data.created_by_user_id", equalTo("user_alice"))
                .extract().path("data.id");
        asAdmin().get("/api/v1/admin/grants/" + id).then().statusCode(200).body("data.id", equalTo(id));
        asAdmin().queryParam("user_id", user).get("/api/v1/admin/grants").then().statusCode(200)
                .body("data.id", equalTo(List.of(id))).body("pagination.has_more", equalTo(false));
        as(Accounts.accessToken(user)).get("/api/v1/admin/me").then().statusCode(200)
                .body("data.user.id", equalTo(user)).body("data.grants.id", equalTo(List.of(id)));

        asAdmin().post("/api/v1/admin/grants/" + id + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_at", notNullValue());
        asAdmin().post("/api/v1/admin/grants/" + id + "/revoke").then().statusCode(200).body("data.status", equalTo("revoked"));
        asAdmin().queryParam("user_id", user).queryParam("status", "active").get("/api/v1/admin/grants").then().statusCode(200)
                .body("data.size()", equalTo(0));
        List<Object> actions = TestDatabase.rows("SELECT action FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", id)
                .stream().map(r -> r.get("action")).toList();
        assertEquals(List.of("admin_grant.created", "admin_grant.revoked"), actions);
    }

    @Test
    void unknownGrantIsNotFoundOnEveryRoute() {
        asAdmin().get("/api/v1/admin/grants/grant_missing").then().statusCode(404).body("error.code", equalTo("ADMIN_GRANT_NOT_FOUND"));
        asAdmin().post("/api/v1/admin/grants/grant_missing/revoke").then().statusCode(404).body("error.code", equalTo("ADMIN_GRANT_NOT_FOUND"));
    }

    @Test
    void adminMeShowsTheCallersUserAndActiveGrants() {
        asAdmin().get("/api/v1/admin/me").then().statusCode(200)
                .body("data.user.id", equalTo("user_alice"))
                .body("data.grants.level", hasItem("instance_super_admin"));
        String plain = Accounts.newUser("plain");
        as(Accounts.accessToken(plain)).get("/api/v1/admin/me").then().statusCode(200)
                .body("data.user.email", equalTo(Accounts.email(plain))).body("data.grants.size()", equalTo(0));
        as(Accounts.accessToken(plain)).get("/api/v1/admin/grants").then().statusCode(403)
                .body("error.details.permission", equalTo("admin_grants:read"));
    }

    @Test
    void badGrantsAreRefusedNamingTheField() {
        String user = Accounts.newUser("badgrant");
        String otherSpace = newSpace();
        String otherGroup = "group_other_" + System.nanoTime();
        TestDatabase.update("INSERT INTO groups (id, space_id, path) VALUES (?, ?, 'ops')", otherGroup, otherSpace);
        refused(Map.of("user_id", user, "level", "root"), "level");
        refused(Map.of("user_id", user, "level", "space_admin"), "space_id");
        refused(Map.of("user_id", user, "level", "instance_admin", "space_id", "space_acme"), "space_id");
        refused(Map.of("user_id", user, "level", "group_admin", "space_id", "space_acme"), "group_id");
        refused(Map.of("user_id", user, "level", "space_admin", "space_id", "space_acme", "group_id", "group_finance"), "group_id");
        refused(Map.of("user_id", user, "level", "group_admin", "space_id", "space_acme", "group_id", otherGroup), "group_id");
        refused(Map.of("user_id", "user_missing", "level", "space_admin", "space_id", "space_acme"), "user_id");
        refused(Map.of("user_id", user, "level", "space_admin", "space_id", "space_missing"), "space_id");
        refused(Map.of("user_id", user, "level", "instance_admin", "permission_key", "users:read:all"), "permission_key");
        refused(Map.of("user_id", user, "level", "instance_admin", "permission_key", "Users:*"), "permission_key");
        refused(Map.of("level", "instance_admin"), "user_id");
        asAdmin().body(Map.of("user_id", user, "level", "instance_admin", "role", "x")).post("/api/v1/admin/grants")
                .then().statusCode(400).body("error.details.fields.role", equalTo("unknown field"));
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM admin_grants WHERE user_id = ?", user).size());
    }

    @Test
    void sameActiveGrantTwiceIsConflict() {
        String user = Accounts.newUser("twice");
        Accounts.grant(user, "space_admin", "space_acme", "*");
        asAdmin().body(Map.of("user_id", user, "level", "space_admin", "space_id", "space_acme")).post("/api/v1/admin/grants")
                .then().statusCode(409).body("error.code", equalTo("ADMIN_GRANT_CONFLICT"));
    }

    @Test
    void spaceAdminIsConfinedToItsSpace() {
        String otherSpace = newSpace();
        String admin = Accounts.newUser("spaceadmin");
        Accounts.grant(admin, "space_admin", "space_acme", "*");
        String token = Accounts.accessToken(admin);

        as(token).get("/api/v1/spaces/space_acme").then().statusCode(200);
        as(token).get("/api/v1/spaces").then().statusCode(200).body("data.id", everyItem(equalTo("space_acme")));
        as(token).get("/api/v1/spaces/" + otherSpace).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED")).body("error.details.permission", equalTo("spaces:read"));
        as(token).body(Map.of("name", "x")).patch("/api/v1/spaces/" + otherSpace).then().statusCode(403);
        as(token).body(Map.of("name", "Mine now")).post("/api/v1/spaces").then().statusCode(403);
        as(token).get("/api/v1/users").then().statusCode(403).body("error.details.permission", equalTo("users:read"));
        as(token).get("/api/v1/spaces/" + otherSpace + "/audit/logs").then().statusCode(403);
        as(token).queryParam("space_id", otherSpace).get("/api/v1/audit/logs").then().statusCode(403);
        as(token).queryParam("limit", 200).get("/api/v1/audit/logs").then().statusCode(200)
                .body("data.space_id", everyItem(equalTo("space_acme")));

        String colleague = Accounts.newUser("colleague");
        as(token).body(Map.of("user_id", colleague, "level", "group_admin", "space_id", "space_acme", "group_id", "group_finance"))
                .post("/api/v1/admin/grants").then().statusCode(201).body("data.created_by_user_id", equalTo(admin));
        as(token).body(Map.of("user_id", colleague, "level", "space_admin", "space_id", otherSpace))
                .post("/api/v1/admin/grants").then().statusCode(403);
        as(token).body(Map.of("user_id", colleague, "level", "instance_admin")).post("/api/v1/admin/grants").then().statusCode(403)
                .body("error.message", equalTo("only a super admin creates or revokes instance-level grants"));
        as(token).queryParam("limit", 200).get("/api/v1/admin/grants").then().statusCode(200)
                .body("data.space_id", everyItem(equalTo("space_acme")));
        String superGrant = TestDatabase.rows("SELECT id FROM admin_grants WHERE user_id = 'user_alice' AND status = 'active' LIMIT 1")
                .get(0).get("id").toString();
        // A grant out of reach answers as an unknown one: its existence is not disclosed.
        as(token).get("/api/v1/admin/grants/" + superGrant).then().statusCode(404).body("error.code", equalTo("ADMIN_GRANT_NOT_FOUND"));
        as(token).post("/api/v1/admin/grants/" + superGrant + "/revoke").then().statusCode(404)
                .body("error.code", equalTo("ADMIN_GRANT_NOT_FOUND"));
        as(token).get("/api/v1/admin/grants/grant_unknown_" + System.nanoTime()).then().statusCode(404)
                .body("error.code", equalTo("ADMIN_GRANT_NOT_FOUND"));
    }

    @Test
    void groupAdminManagesNoGrantsAndLosesItsGroupWhenRevoked() {
        String groupAdmin = Accounts.newUser("groupadmin");
        String id = asAdmin().body(Map.of("user_id", groupAdmin, "level", "group_admin", "space_id", "space_acme",
                "group_id", "group_finance")).post("/api/v1/admin/grants").then().statusCode(201)
                .body("data.group_id", equalTo("group_finance")).body("data.permission_key", equalTo("*")).extract().path("data.id");
        String token = Accounts.accessToken(groupAdmin);
        as(token).get("/api/v1/spaces/space_acme/groups/group_finance").then().statusCode(200);
        as(token).get("/api/v1/spaces/space_acme").then().statusCode(403);
        String other = Accounts.newUser("promoted");
        as(token).body(Map.of("user_id", other, "level", "space_admin", "space_id", "space_acme")).post("/api/v1/admin/grants")
                .then().statusCode(403).body("error.details.permission", equalTo("admin_grants:manage"));
        as(token).post("/api/v1/admin/grants/" + id + "/revoke").then().statusCode(403);
        asAdmin().post("/api/v1/admin/grants/" + id + "/revoke").then().statusCode(200).body("data.status", equalTo("revoked"));
        as(token).get("/api/v1/spaces/space_acme/groups/group_finance").then().statusCode(403);
    }

    @Test
    void instanceAdminCannotTouchInstanceLevelGrants() {
        String instanceAdmin = Accounts.newUser("instadmin");
        Accounts.grant(instanceAdmin, "instance_admin", null, "*");
        String token = Accounts.accessToken(instanceAdmin);
        String other = Accounts.newUser("wannabe");
        as(token).body(Map.of("user_id", other, "level", "instance_admin")).post("/api/v1/admin/grants").then().statusCode(403)
                .body("error.details.level", equalTo("instance_super_admin"));
        as(token).body(Map.of("user_id", other, "level", "space_admin", "space_id", "space_acme")).post("/api/v1/admin/grants")
                .then().statusCode(201);
    }

    @Test
    void grantsNeverGiveMoreThanTheGranterHolds() {
        String narrow = Accounts.newUser("narrow");
        Accounts.grant(narrow, "space_admin", "space_acme", "admin_grants:*");
        String other = Accounts.newUser("escalation");
        as(Accounts.accessToken(narrow)).body(Map.of("user_id", other, "level", "space_admin", "space_id", "space_acme"))
                .post("/api/v1/admin/grants").then().statusCode(403).body("error.details.permission", equalTo("*"));
        as(Accounts.accessToken(narrow)).body(Map.of("user_id", other, "level", "space_admin", "space_id", "space_acme",
                "permission_key", "admin_grants:read")).post("/api/v1/admin/grants").then().statusCode(201);
    }

    @Test
    void revokingTheLastSuperAdminGrantIsConflict() {
        String heir = Accounts.newUser("heir");
        String heirGrant = Accounts.grant(heir, "instance_super_admin", null, "*");
        String token = Accounts.accessToken(heir);
        List<String> others = TestDatabase.rows("SELECT id FROM admin_grants WHERE level = 'instance_super_admin' AND status = 'active' AND id <> ?",
                heirGrant).stream().map(r -> r.get("id").toString()).toList();
        try {
            for (String id : others) {
                as(token).post("/api/v1/admin/grants/" + id + "/revoke").then().statusCode(200);
            }
            as(token).post("/api/v1/admin/grants/" + heirGrant + "/revoke").then().statusCode(409)
                    .body("error.code", equalTo("LAST_SUPER_ADMIN"));
            assertEquals("active", TestDatabase.rows("SELECT status FROM admin_grants WHERE id = ?", heirGrant).get(0).get("status"));
        } finally {
            for (String id : others) {
                TestDatabase.update("UPDATE admin_grants SET status = 'active', revoked_at = NULL WHERE id = ?", id);
            }
        }
        as(token).post("/api/v1/admin/grants/" + heirGrant + "/revoke").then().statusCode(200).body("data.status", equalTo("revoked"));
    }

    private static void refused(Map<String, Object> body, String field) {
        asAdmin().body(new HashMap<>(body)).post("/api/v1/admin/grants").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields." + field, notNullValue());
    }

    static String newSpace() {
        String id = "space_other_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "name", "Other")).post("/api/v1/spaces").then().statusCode(201);
        return id;
    }
}
