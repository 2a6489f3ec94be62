package io.plystra.access;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.AdminApi.walk;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
class RolePermissionApiTest {

    static final String ROLE_PERMISSIONS = "/api/v1/role-permissions";

    @Test
    void createsReadsAndRevokesWithAnAuditRowEach() {
        String role = AccessFixtures.role("space_acme");
        String permission = AccessFixtures.permission(AccessFixtures.type("sign"), "sign", "space");
        String id = unique("rp_t");
        asAdmin().body(Map.of("id", id, "role_id", role, "permission_id", permission)).post(ROLE_PERMISSIONS)
                .then().statusCode(201).body("data.id", equalTo(id)).body("data.role_id", equalTo(role))
                .body("data.permission_id", equalTo(permission)).body("data.status", equalTo("active"))
                .body("data.revoked_at", nullValue());
        asAdmin().get(ROLE_PERMISSIONS + "/" + id).then().statusCode(200).body("data.role_id", equalTo(role));
        String revokedAt = asAdmin().post(ROLE_PERMISSIONS + "/" + id + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_at", notNullValue())
                .extract().path("data.revoked_at");
        asAdmin().post(ROLE_PERMISSIONS + "/" + id + "/revoke").then().statusCode(200)
                .body("data.revoked_at", equalTo(revokedAt));

        assertEquals(List.of("role_permission.created", "role_permission.revoked", "role_permission.revoked"), auditActions(id));
        assertEquals("space_acme", lastAudit(id, "space_id"), "audited in the role's space");
        assertEquals("revoked", lastAudit(id, "trace->'after'->>'status'"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRouteAndThereIsNothingToPatch() {
        asAdmin().get(ROLE_PERMISSIONS + "/rp_missing").then().statusCode(404).body("error.code", equalTo("ROLE_PERMISSION_NOT_FOUND"));
        asAdmin().post(ROLE_PERMISSIONS + "/rp_missing/revoke").then().statusCode(404)
                .body("error.code", equalTo("ROLE_PERMISSION_NOT_FOUND"));
        asAdmin().body(Map.of("role_id", "x")).patch(ROLE_PERMISSIONS + "/rp_finance_approver_invoice_approve")
                .then().statusCode(405).body("error.code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void roleAndPermissionMustExist() {
        String role = AccessFixtures.role("space_acme");
        asAdmin().body(Map.of("role_id", "role_missing", "permission_id", "perm_invoice_read_self")).post(ROLE_PERMISSIONS)
                .then().statusCode(400).body("error.details.fields.role_id", equalTo("must be an existing role"));
        asAdmin().body(Map.of("role_id", role, "permission_id", "perm_missing")).post(ROLE_PERMISSIONS)
                .then().statusCode(400).body("error.details.fields.permission_id", equalTo("must be an existing permission"));
        asAdmin().body(Map.of("role_id", role)).post(ROLE_PERMISSIONS)
                .then().statusCode(400).body("error.details.fields.permission_id", equalTo("is required"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM role_permissions WHERE role_id = ?", role).isEmpty());
    }

    @Test
    void anActivePairIsUniqueButCanBeGrantedAgainAfterRevoke() {
        String role = AccessFixtures.role("space_acme");
        String first = asAdmin().body(Map.of("role_id", role, "permission_id", "perm_invoice_read_self")).post(ROLE_PERMISSIONS)
                .then().statusCode(201).extract().path("data.id");
        asAdmin().body(Map.of("role_id", role, "permission_id", "perm_invoice_read_self")).post(ROLE_PERMISSIONS)
                .then().statusCode(409).body("error.code", equalTo("ROLE_PERMISSION_CONFLICT"));
        asAdmin().post(ROLE_PERMISSIONS + "/" + first + "/revoke").then().statusCode(200);
        asAdmin().body(Map.of("role_id", role, "permission_id", "perm_invoice_read_self")).post(ROLE_PERMISSIONS)
                .then().statusCode(201).body("data.status", equalTo("active"));
        assertEquals(2, TestDatabase.rows("SELECT 1 FROM role_permissions WHERE role_id = ?", role).size());
    }

    @Test
    void paginatedWalkAndFiltersSeeEveryRowOnce() {
        String role = AccessFixtures.role("space_acme");
        String type = AccessFixtures.type("read", "sign");
        List<String> created = new ArrayList<>();
        List<String> permissions = new ArrayList<>();
        for (String scope : List.of("self", "group", "group_tree", "space", "global")) {
            String permission = AccessFixtures.permission(type, "read", scope);
            permissions.add(permission);
            created.add(asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post(ROLE_PERMISSIONS)
                    .then().statusCode(201).extract().path("data.id"));
        }
        assertEquals(created, walk(ROLE_PERMISSIONS, Map.of("role_id", role)));
        assertEquals(List.of(created.get(2)), walk(ROLE_PERMISSIONS, Map.of("permission_id", permissions.get(2))));
        asAdmin().post(ROLE_PERMISSIONS + "/" + created.get(4) + "/revoke").then().statusCode(200);
        assertEquals(List.of(created.get(4)), walk(ROLE_PERMISSIONS, Map.of("role_id", role, "status", "revoked")));
        assertEquals(created.subList(0, 4), walk(ROLE_PERMISSIONS, Map.of("role_id", role, "status", "active")));
    }

    @Test
    void nonAdminIsForbidden() {
        String role = AccessFixtures.role("space_acme");
        as(Api.BOB).get(ROLE_PERMISSIONS).then().statusCode(403).body("error.details.permission", equalTo("permissions:read"));
        as(Api.BOB).body(Map.of("role_id", role, "permission_id", "perm_invoice_read_self")).post(ROLE_PERMISSIONS)
                .then().statusCode(403).body("error.details.permission", equalTo("permissions:manage"));
        as(Api.BOB).post(ROLE_PERMISSIONS + "/rp_finance_approver_invoice_approve/revoke").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM role_permissions WHERE role_id = ?", role).isEmpty());
        asAdmin().get(ROLE_PERMISSIONS + "/rp_finance_approver_invoice_approve").then().body("data.status", equalTo("active"));
    }

    @Test
    void spaceAdminSeesAndChangesOnlyRolePermissionsOfItsOwnSpace() {
        String space = AccessFixtures.space();
        String admin = AccessFixtures.spaceAdmin(space);
        String ownRole = AccessFixtures.role(space);
        String own = as(admin).body(Map.of("role_id", ownRole, "permission_id", "perm_invoice_read_self")).post(ROLE_PERMISSIONS)
                .then().statusCode(201).extract().path("data.id");
        assertEquals(List.of(own), as(admin).get(ROLE_PERMISSIONS + "?limit=200").then().statusCode(200)
                .extract().path("data.id"));
        as(admin).get(ROLE_PERMISSIONS + "/rp_finance_approver_invoice_approve").then().statusCode(403);
        as(admin).post(ROLE_PERMISSIONS + "/rp_finance_approver_invoice_approve/revoke").then().statusCode(403);
        as(admin).body(Map.of("role_id", "role_finance_approver", "permission_id", "perm_invoice_read_self"))
                .post(ROLE_PERMISSIONS).then().statusCode(403).body("error.details.permission", equalTo("permissions:manage"));
        asAdmin().get(ROLE_PERMISSIONS + "/rp_finance_approver_invoice_approve").then().body("data.status", equalTo("active"));
    }
}
