package io.plystra.session;

import static io.plystra.session.Accounts.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** A group_admin grant reaches its group and the groups below it, and nothing space-wide. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class GroupAdminScopeTest {

    @Test
    void groupAdminManagesItsGroupAndItsSubtreeOnly() {
        Fixture f = new Fixture();
        String token = f.token;

        as(token).get(f.groups + "/" + f.dept).then().statusCode(200).body("data.path", equalTo("dept"));
        as(token).body(Map.of("name", "Team")).patch(f.groups + "/" + f.team).then().statusCode(200).body("data.name", equalTo("Team"));
        as(token).body(Map.of("id", "g_sub_" + f.n, "path", "dept.team.sub", "parent_id", f.team)).post(f.groups)
                .then().statusCode(201).body("data.parent_id", equalTo(f.team));
        as(token).post(f.groups + "/" + f.team + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        as(token).post(f.groups + "/" + f.team + "/restore").then().statusCode(200).body("data.status", equalTo("active"));
        as(token).get(f.groups + "/tree").then().statusCode(200)
                .body("data.id", equalTo(List.of(f.dept)))
                .body("data[0].children.id", equalTo(List.of(f.team)))
                .body("data[0].children[0].children.path", equalTo(List.of("dept.team.sub")));
        asAdmin().get(f.groups + "/tree").then().statusCode(200).body("data.id", equalTo(List.of(f.dept, f.other)));
    }

    @Test
    void groupAdminIsRefusedOnSiblingGroupsAndOtherSpaces() {
        Fixture f = new Fixture();
        String token = f.token;

        refused(as(token).get(f.groups + "/" + f.other), "groups:read");
        refused(as(token).body(Map.of("name", "x")).patch(f.groups + "/" + f.other), "groups:manage");
        refused(as(token).post(f.groups + "/" + f.other + "/disable"), "groups:manage");
        refused(as(token).body(Map.of("path", "other.x", "parent_id", f.other)).post(f.groups), "groups:manage");
        refused(as(token).body(Map.of("path", "rogue")).post(f.groups), "groups:manage");
        refused(as(token).get(f.groups), "groups:read");
        refused(as(token).get("/api/v1/spaces/space_acme/groups/group_finance"), "groups:read");
        refused(as(token).get("/api/v1/spaces/space_acme/groups/tree"), "groups:read");
        asAdmin().get(f.groups + "/" + f.other).then().statusCode(200).body("data.status", equalTo("active"));
    }

    @Test
    void groupAdminGrantDoesNotReachSpaceWideRoutes() {
        Fixture f = new Fixture();
        String token = f.token;
        String space = "/api/v1/spaces/" + f.space;

        refused(as(token).get(space), "spaces:read");
        refused(as(token).body(Map.of("name", "x")).patch(space), "spaces:manage");
        refused(as(token).get("/api/v1/spaces"), "spaces:read");
        refused(as(token).get(space + "/members"), "members:read");
        refused(as(token).body(Map.of("display_name", "Someone")).post(space + "/members"), "members:manage");
        refused(as(token).get(space + "/user-members"), "user_members:read");
        refused(as(token).get(space + "/roles"), "roles:read");
        refused(as(token).body(Map.of("key", "rogue", "name", "Rogue")).post(space + "/roles"), "roles:manage");
        refused(as(token).get(space + "/member-roles"), "roles:read");
        refused(as(token).get(space + "/resources"), "resources:read");
        refused(as(token).get(space + "/audit/logs"), "audit:read");
        refused(as(token).get("/api/v1/audit/logs"), "audit:read");
        refused(as(token).get("/api/v1/permissions"), "permissions:read");
        refused(as(token).get("/api/v1/role-permissions"), "permissions:read");
        refused(as(token).get("/api/v1/resource-types"), "registry:read");
        refused(as(token).get("/api/v1/api-keys"), "api_keys:read");
        refused(as(token).body(Map.of("name", "k", "permission_keys", List.of("groups:read"), "space_id", f.space))
                .post("/api/v1/api-keys"), "api_keys:manage");
        refused(as(token).get("/api/v1/admin/grants"), "admin_grants:read");
        String colleague = Accounts.newUser("colleague");
        refused(as(token).body(Map.of("user_id", colleague, "level", "group_admin", "space_id", f.space, "group_id", f.team))
                .post("/api/v1/admin/grants"), "admin_grants:manage");
        refused(as(token).post("/api/v1/admin/grants/" + f.grant + "/revoke"), "admin_grants:manage");
        refused(as(token).body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001", "approve"))
                .post("/api/v1/authz/check"), "authz:check");
    }

    private static void refused(Response response, String permission) {
        response.then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo(permission));
    }

    /** A space with groups dept, dept.team and other, and a user holding group_admin {@code *} over dept. */
    static final class Fixture {
        final String n = String.valueOf(System.nanoTime());
        final String space = AdminGrantApiTest.newSpace();
        final String groups = "/api/v1/spaces/" + space + "/groups";
        final String dept = "g_dept_" + n;
        final String team = "g_team_" + n;
        final String other = "g_other_" + n;
        final String grant;
        final String token;

        Fixture() {
            group(dept, "dept", null);
            group(team, "dept.team", dept);
            group(other, "other", null);
            String admin = Accounts.newUser("groupadmin");
            grant = asAdmin().body(Map.of("user_id", admin, "level", "group_admin", "space_id", space, "group_id", dept,
                    "permission_key", "*")).post("/api/v1/admin/grants").then().statusCode(201).extract().path("data.id");
            token = Accounts.accessToken(admin);
        }

        private void group(String id, String path, String parentId) {
            Map<String, Object> body = new HashMap<>(Map.of("id", id, "path", path));
            if (parentId != null) {
                body.put("parent_id", parentId);
            }
            asAdmin().body(body).post(groups).then().statusCode(201);
        }
    }
}
