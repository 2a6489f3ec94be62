package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DemoProfile.class)
class RoleApiTest {

    static final String ROLES = "/api/v1/spaces/space_acme/roles";

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String id = unique("role_t");
        String key = unique("reviewer");
        asAdmin().body(Map.of("id", id, "key", key, "name", "Reviewer", "description", "Reviews")).post(ROLES)
                .then().statusCode(201).body("data.id", equalTo(id)).body("data.space_id", equalTo("space_acme"))
                .body("data.key", equalTo(key)).body("data.status", equalTo("active"));
        asAdmin().get(ROLES + "/" + id).then().statusCode(200).body("data.name", equalTo("Reviewer"))
                .body("data.description", equalTo("Reviews"));
        Map<String, Object> patch = new HashMap<>();
        patch.put("name", "Senior Reviewer");
        patch.put("description", null);
        asAdmin().body(patch).patch(ROLES + "/" + id).then().statusCode(200)
                .body("data.name", equalTo("Senior Reviewer")).body("data.description", nullValue())
                .body("data.key", equalTo(key));
        asAdmin().post(ROLES + "/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post(ROLES + "/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        assertEquals(List.of("role.created", "role.updated", "role.disabled", "role.restored"), auditActions(id));
        assertEquals("space_acme", lastAudit(id, "space_id"));
        assertEquals("user_alice", lastAudit(id, "actor_user_id"));
        assertEquals("active", lastAudit(id, "trace->'after'->>'status'"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get(ROLES + "/role_missing").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().body(Map.of("name", "x")).patch(ROLES + "/role_missing").then().statusCode(404)
                .body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().post(ROLES + "/role_missing/disable").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().post(ROLES + "/role_missing/restore").then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().get("/api/v1/spaces/space_missing/roles").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().body(Map.of("key", "k", "name", "x")).post("/api/v1/spaces/space_missing/roles").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
    }

    @Test
    void roleOfAnotherSpaceIsNotFoundUnderThisOne() {
        String other = AccessFixtures.space();
        String id = AccessFixtures.role(other);
        asAdmin().get(ROLES + "/" + id).then().statusCode(404).body("error.code", equalTo("ROLE_NOT_FOUND"));
        asAdmin().post(ROLES + "/" + id + "/disable").then().statusCode(404);
        asAdmin().get("/api/v1/spaces/" + other + "/roles/" + id).then().statusCode(200).body("data.status", equalTo("active"));
    }

    @Test
    void keyIsUniquePerSpace() {
        String key = unique("approver");
        asAdmin().body(Map.of("key", key, "name", "A")).post(ROLES).then().statusCode(201);
        asAdmin().body(Map.of("key", key, "name", "B")).post(ROLES).then().statusCode(409)
                .body("error.code", equalTo("ROLE_CONFLICT"));
        asAdmin().body(Map.of("id", "role_finance_approver", "key", unique("k"), "name", "C")).post(ROLES).then().statusCode(409)
                .body("error.code", equalTo("ROLE_CONFLICT"));
        String other = AccessFixtures.space();
        asAdmin().body(Map.of("key", key, "name", "A elsewhere")).post("/api/v1/spaces/" + other + "/roles").then().statusCode(201);
        assertEquals(1, TestDatabase.rows("SELECT id FROM roles WHERE key = ? AND space_id = 'space_acme'", key).size());
    }

    @Test
    void keyIsValidatedAndNeverChanges() {
        asAdmin().body(Map.of("key", "Bad-Key", "name", "x")).post(ROLES).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields.key", equalTo("must match [a-z][a-z0-9_]{0,63}"));
        asAdmin().body(Map.of("key", "k" + "x".repeat(64), "name", "x")).post(ROLES).then().statusCode(400)
                .body("error.details.fields.key", equalTo("must match [a-z][a-z0-9_]{0,63}"));
        asAdmin().body(Map.of("key", unique("k"))).post(ROLES).then().statusCode(400)
                .body("error.details.fields.name", equalTo("is required"));
        asAdmin().body(Map.of("key", unique("k"), "name", "x", "colour", "red")).post(ROLES).then().statusCode(400)
                .body("error.details.fields.colour", equalTo("unknown field"));
        asAdmin().body(Map.of("key", "other")).patch(ROLES + "/role_finance_approver").then().statusCode(400)
                .body("error.details.fields.key", equalTo("cannot be changed"));
        asAdmin().get(ROLES + "/role_finance_approver").then().body("data.key", equalTo("finance_approver"));
    }

    @Test
    void paginatedWalkSeesEveryRoleOnceInCreationOrder() {
        String space = AccessFixtures.space();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(AccessFixtures.role(space));
        }
        String path = "/api/v1/spaces/" + space + "/roles";
        assertEquals(created, walk(path, Map.of()));
        asAdmin().post(path + "/" + created.get(3) + "/disable").then().statusCode(200);
        assertEquals(List.of(created.get(3)), walk(path, Map.of("status", "disabled")));
        asAdmin().get(path + "?status=gone").then().statusCode(400).body("error.details.fields.status", equalTo("must be one of [active, disabled]"));
    }

    @Test
    void nonAdminIsForbidden() {
        String key = unique("nope");
        as(Api.BOB).get(ROLES).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("roles:read"));
        as(Api.BOB).body(Map.of("key", key, "name", "Nope")).post(ROLES).then().statusCode(403)
                .body("error.details.permission", equalTo("roles:manage"));
        as(Api.BOB).post(ROLES + "/role_finance_approver/disable").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM roles WHERE key = ?", key).isEmpty());
        asAdmin().get(ROLES + "/role_finance_approver").then().body("data.status", equalTo("active"));
    }

    @Test
    void spaceAdminManagesOnlyItsOwnSpace() {
        String space = AccessFixtures.space();
        String admin = AccessFixtures.spaceAdmin(space);
        as(admin).body(Map.of("key", unique("k"), "name", "Own")).post("/api/v1/spaces/" + space + "/roles").then().statusCode(201);
        as(admin).get(ROLES).then().statusCode(403).body("error.details.permission", equalTo("roles:read"));
        as(admin).body(Map.of("key", unique("k"), "name", "Foreign")).post(ROLES).then().statusCode(403);
    }
}
