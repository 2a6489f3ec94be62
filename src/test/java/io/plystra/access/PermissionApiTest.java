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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
class PermissionApiTest {

    static final String PERMISSIONS = "/api/v1/permissions";

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String type = AccessFixtures.type("sign");
        String id = unique("perm_t");
        asAdmin().body(Map.of("id", id, "resource", type, "action", "sign", "scope", "group_tree")).post(PERMISSIONS)
                .then().statusCode(201).body("data.id", equalTo(id)).body("data.resource", equalTo(type))
                .body("data.action", equalTo("sign")).body("data.scope", equalTo("group_tree"))
                .body("data.status", equalTo("active")).body("data.description", nullValue());
        asAdmin().get(PERMISSIONS + "/" + id).then().statusCode(200).body("data.scope", equalTo("group_tree"));
        asAdmin().body(Map.of("description", "Sign within the anchor's tree")).patch(PERMISSIONS + "/" + id).then().statusCode(200)
                .body("data.description", equalTo("Sign within the anchor's tree")).body("data.action", equalTo("sign"));
        asAdmin().post(PERMISSIONS + "/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post(PERMISSIONS + "/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        assertEquals(List.of("permission.created", "permission.updated", "permission.disabled", "permission.restored"),
                auditActions(id));
        assertNull(lastAudit(id, "space_id"), "permissions are instance-wide");
        assertEquals("user_alice", lastAudit(id, "actor_user_id"));
        assertEquals(type, lastAudit(id, "trace->'after'->>'resource'"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get(PERMISSIONS + "/perm_missing").then().statusCode(404).body("error.code", equalTo("PERMISSION_NOT_FOUND"));
        asAdmin().body(Map.of("description", "x")).patch(PERMISSIONS + "/perm_missing").then().statusCode(404)
                .body("error.code", equalTo("PERMISSION_NOT_FOUND"));
        asAdmin().post(PERMISSIONS + "/perm_missing/disable").then().statusCode(404).body("error.code", equalTo("PERMISSION_NOT_FOUND"));
        asAdmin().post(PERMISSIONS + "/perm_missing/restore").then().statusCode(404).body("error.code", equalTo("PERMISSION_NOT_FOUND"));
    }

    @Test
    void theTripleIsUnique() {
        String type = AccessFixtures.type("sign");
        AccessFixtures.permission(type, "sign", "self");
        asAdmin().body(Map.of("resource", type, "action", "sign", "scope", "self")).post(PERMISSIONS).then().statusCode(409)
                .body("error.code", equalTo("PERMISSION_CONFLICT"));
        asAdmin().body(Map.of("id", "perm_invoice_read_self", "resource", type, "action", "sign", "scope", "space"))
                .post(PERMISSIONS).then().statusCode(409).body("error.code", equalTo("PERMISSION_CONFLICT"));
        AccessFixtures.permission(type, "sign", "group");
        assertEquals(2, TestDatabase.rows("SELECT id FROM permissions WHERE resource = ?", type).size());
    }

    @Test
    void resourceActionAndScopeAreValidatedAgainstTheRegistry() {
        String type = AccessFixtures.type("sign");
        asAdmin().body(Map.of("resource", type, "action", "sign", "scope", "tenant")).post(PERMISSIONS).then().statusCode(400)
                .body("error.details.fields.scope", equalTo("must be one of [global, group, group_tree, self, space]"));
        asAdmin().body(Map.of("resource", type, "action", "sign", "scope", "Self")).post(PERMISSIONS).then().statusCode(400)
                .body("error.details.fields.scope", equalTo("must be one of [global, group, group_tree, self, space]"));
        asAdmin().body(Map.of("resource", "unregistered_type", "action", "sign", "scope", "self")).post(PERMISSIONS)
                .then().statusCode(400).body("error.details.fields.resource", equalTo("must be a registered resource type"));
        asAdmin().body(Map.of("resource", type, "action", "approve", "scope", "self")).post(PERMISSIONS)
                .then().statusCode(400).body("error.details.fields.action", equalTo("must be an action registered for " + type));
        asAdmin().body(Map.of("resource", type, "scope", "self")).post(PERMISSIONS)
                .then().statusCode(400).body("error.details.fields.action", equalTo("is required"));
        asAdmin().body(Map.of("scope", "space")).patch(PERMISSIONS + "/perm_invoice_read_self").then().statusCode(400)
                .body("error.details.fields.scope", equalTo("cannot be changed"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM permissions WHERE resource = ?", type).isEmpty());
    }

    @Test
    void paginatedWalkAndFiltersSeeEveryPermissionOnce() {
        String type = AccessFixtures.type("read", "sign");
        List<String> created = new ArrayList<>();
        for (String scope : List.of("self", "group", "group_tree")) {
            created.add(AccessFixtures.permission(type, "read", scope));
        }
        created.add(AccessFixtures.permission(type, "sign", "self"));
        created.add(AccessFixtures.permission(type, "sign", "space"));
        assertEquals(created, walk(PERMISSIONS, Map.of("resource", type)));
        assertEquals(List.of(created.get(3), created.get(4)), walk(PERMISSIONS, Map.of("resource", type, "action", "sign")));
        assertEquals(List.of(created.get(0), created.get(3)), walk(PERMISSIONS, Map.of("resource", type, "scope", "self")));
        asAdmin().post(PERMISSIONS + "/" + created.get(1) + "/disable").then().statusCode(200);
        assertEquals(List.of(created.get(1)), walk(PERMISSIONS, Map.of("resource", type, "status", "disabled")));
        asAdmin().get(PERMISSIONS + "?scope=tenant").then().statusCode(400)
                .body("error.details.fields.scope", equalTo("must be one of [global, group, group_tree, self, space]"));
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get(PERMISSIONS).then().statusCode(403).body("error.details.permission", equalTo("permissions:read"));
        as(Api.BOB).body(Map.of("resource", "invoice", "action", "reject", "scope", "space")).post(PERMISSIONS)
                .then().statusCode(403).body("error.details.permission", equalTo("permissions:manage"));
        as(Api.BOB).post(PERMISSIONS + "/perm_invoice_read_self/disable").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM permissions WHERE resource = 'invoice' AND action = 'reject' AND scope = 'space'").isEmpty());
    }

    @Test
    void spaceAdminReadsTheCatalogueButCannotChangeIt() {
        String admin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(admin).get(PERMISSIONS + "/perm_invoice_read_self").then().statusCode(200).body("data.scope", equalTo("self"));
        as(admin).post(PERMISSIONS + "/perm_invoice_read_self/disable").then().statusCode(403)
                .body("error.details.permission", equalTo("permissions:manage"));
        asAdmin().get(PERMISSIONS + "/perm_invoice_read_self").then().body("data.status", equalTo("active"));
    }
}
