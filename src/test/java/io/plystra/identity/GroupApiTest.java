package io.plystra.identity;

import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
class GroupApiTest {

    /** A fresh space of its own, so that paths never clash between tests. */
    static String newSpace() {
        String id = "space_t_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "name", "Test " + id)).post("/api/v1/spaces").then().statusCode(201);
        return id;
    }

    static String groups(String space) {
        return "/api/v1/spaces/" + space + "/groups";
    }

    static void create(String space, String id, String path, String parentId) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "path", path));
        if (parentId != null) {
            body.put("parent_id", parentId);
        }
        asAdmin().body(body).post(groups(space)).then().statusCode(201);
    }

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String space = newSpace();
        String id = "group_t_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "path", "finance", "name", "Finance")).post(groups(space)).then().statusCode(201)
                .body("data.id", equalTo(id))
                .body("data.space_id", equalTo(space))
                .body("data.parent_id", nullValue())
                .body("data.path", equalTo("finance"))
                .body("data.status", equalTo("active"));
        asAdmin().get(groups(space) + "/" + id).then().statusCode(200).body("data.name", equalTo("Finance"));
        asAdmin().body(Map.of("name", "Finance Dept")).patch(groups(space) + "/" + id).then().statusCode(200)
                .body("data.name", equalTo("Finance Dept")).body("data.path", equalTo("finance"));
        asAdmin().post(groups(space) + "/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post(groups(space) + "/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        List<Map<String, Object>> audit = TestDatabase.rows(
                "SELECT action, space_id, actor_user_id, resource_type FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", id);
        assertEquals(List.of("group.created", "group.updated", "group.disabled", "group.restored"),
                audit.stream().map(r -> r.get("action")).toList());
        assertEquals(space, audit.get(0).get("space_id"));
        assertEquals("group", audit.get(0).get("resource_type"));
        assertEquals("user_alice", audit.get(0).get("actor_user_id"));
    }

    @Test
    void treeNestsChildrenUnderTheirRoots() {
        String space = newSpace();
        create(space, space + "_legal", "legal", null);
        create(space, space + "_fin", "finance", null);
        create(space, space + "_apac", "finance.apac", space + "_fin");
        create(space, space + "_emea", "finance.emea", space + "_fin");
        create(space, space + "_sg", "finance.apac.sg", space + "_apac");

        asAdmin().get(groups(space) + "/tree").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].path", equalTo("finance"))
                .body("data[0].children.path", equalTo(List.of("finance.apac", "finance.emea")))
                .body("data[0].children[0].children.path", equalTo(List.of("finance.apac.sg")))
                .body("data[0].children[0].children[0].children", hasSize(0))
                .body("data[0].children[1].children", hasSize(0))
                .body("data[1].path", equalTo("legal"))
                .body("data[1].children", hasSize(0));
        asAdmin().get(groups(space) + "/" + space + "_sg").then().statusCode(200).body("data.parent_id", equalTo(space + "_apac"));
    }

    @Test
    void disabledParentStillTakesChildrenAndStaysInTheTree() {
        String space = newSpace();
        create(space, space + "_fin", "finance", null);
        create(space, space + "_apac", "finance.apac", space + "_fin");
        asAdmin().post(groups(space) + "/" + space + "_fin/disable").then().statusCode(200);
        create(space, space + "_emea", "finance.emea", space + "_fin");
        asAdmin().get(groups(space) + "/" + space + "_apac").then().body("data.status", equalTo("active"));
        asAdmin().get(groups(space) + "/tree").then().statusCode(200)
                .body("data.status", equalTo(List.of("disabled")))
                .body("data[0].children.path", equalTo(List.of("finance.apac", "finance.emea")));
    }

    @Test
    void idTreeIsReservedForTheTreeRoute() {
        String space = newSpace();
        asAdmin().body(Map.of("id", "tree", "path", "finance")).post(groups(space)).then().statusCode(400)
                .body("error.details.fields.id", equalTo("tree is reserved for the groups/tree route"));
        asAdmin().get(groups(space) + "/tree").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void childPathMustExtendItsParentByExactlyOneSegment() {
        String space = newSpace();
        create(space, space + "_fin", "finance", null);
        create(space, space + "_legal", "legal", null);
        for (String path : List.of("finance.apac.sg", "legal.apac", "financeold", "finance", "finance_apac")) {
            asAdmin().body(Map.of("path", path, "parent_id", space + "_fin")).post(groups(space)).then().statusCode(400)
                    .body("error.details.fields.path", equalTo("must extend the parent's path finance by one segment"));
        }
        asAdmin().body(Map.of("path", "finance.apac")).post(groups(space)).then().statusCode(400)
                .body("error.details.fields.path", equalTo("a root group's path has no dot; name parent_id to create a child group"));
        for (String path : List.of("Finance", "finance..apac", "1finance", "finance.", "fin-ance", "")) {
            asAdmin().body(Map.of("path", path)).post(groups(space)).then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"))
                    .body("error.details.fields", org.hamcrest.Matchers.hasKey("path"));
        }
        assertEquals(2, TestDatabase.rows("SELECT 1 FROM groups WHERE space_id = ?", space).size());
    }

    @Test
    void parentMustBeAGroupOfTheSameSpace() {
        String space = newSpace();
        asAdmin().body(Map.of("path", "finance.apac", "parent_id", "group_finance")).post(groups(space)).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.fields.parent_id", equalTo("must name a group of this space"));
        asAdmin().body(Map.of("path", "finance.apac", "parent_id", "group_nowhere")).post(groups(space)).then().statusCode(400)
                .body("error.details.fields.parent_id", equalTo("must name a group of this space"));
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM groups WHERE space_id = ?", space).size());
    }

    @Test
    void patchNamingPathOrParentIsRejectedAndChangesNothing() {
        String space = newSpace();
        create(space, space + "_fin", "finance", null);
        create(space, space + "_apac", "finance.apac", space + "_fin");
        asAdmin().body(Map.of("path", "finance.emea")).patch(groups(space) + "/" + space + "_apac").then().statusCode(400)
                .body("error.details.fields.path", equalTo("cannot be changed"));
        asAdmin().body(Map.of("name", "x", "parent_id", space + "_fin")).patch(groups(space) + "/" + space + "_apac").then()
                .statusCode(400).body("error.details.fields.parent_id", equalTo("cannot be changed"));
        asAdmin().get(groups(space) + "/" + space + "_apac").then().body("data.path", equalTo("finance.apac"))
                .body("data.name", nullValue());
    }

    @Test
    void samePathTwiceInOneSpaceIsConflictButFineInAnother() {
        String space = newSpace();
        create(space, space + "_fin", "finance", null);
        asAdmin().body(Map.of("path", "finance")).post(groups(space)).then().statusCode(409)
                .body("error.code", equalTo("GROUP_CONFLICT"));
        asAdmin().body(Map.of("id", "group_finance", "path", "other")).post(groups(space)).then().statusCode(409)
                .body("error.code", equalTo("GROUP_CONFLICT"));
        create(newSpace(), space + "_fin_elsewhere", "finance", null);
    }

    @Test
    void groupOfAnotherSpaceIsNotFoundThroughThisSpace() {
        String space = newSpace();
        asAdmin().get(groups(space) + "/group_finance").then().statusCode(404).body("error.code", equalTo("GROUP_NOT_FOUND"));
        asAdmin().body(Map.of("name", "Hijacked")).patch(groups(space) + "/group_finance").then().statusCode(404)
                .body("error.code", equalTo("GROUP_NOT_FOUND"));
        asAdmin().post(groups(space) + "/group_finance/disable").then().statusCode(404).body("error.code", equalTo("GROUP_NOT_FOUND"));
        asAdmin().get(groups("space_acme") + "/group_finance").then().statusCode(200)
                .body("data.status", equalTo("active")).body("data.name", equalTo("Finance"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        String space = newSpace();
        asAdmin().get(groups(space) + "/group_missing").then().statusCode(404).body("error.code", equalTo("GROUP_NOT_FOUND"));
        asAdmin().body(Map.of("name", "x")).patch(groups(space) + "/group_missing").then().statusCode(404);
        asAdmin().post(groups(space) + "/group_missing/disable").then().statusCode(404).body("error.code", equalTo("GROUP_NOT_FOUND"));
        asAdmin().post(groups(space) + "/group_missing/restore").then().statusCode(404).body("error.code", equalTo("GROUP_NOT_FOUND"));
        for (String route : List.of("", "/tree", "/group_finance")) {
            asAdmin().get(groups("space_missing") + route).then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        }
        asAdmin().body(Map.of("path", "finance")).post(groups("space_missing")).then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().post(groups("space_missing") + "/group_finance/restore").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
    }

    @Test
    void paginatedWalkSeesEveryGroupOfTheSpaceOnce() {
        String space = newSpace();
        for (String path : List.of("a", "b", "c", "d", "e")) {
            create(space, space + "_" + path, path, null);
        }
        assertEquals(List.of("a", "b", "c", "d", "e").stream().map(p -> space + "_" + p).toList(),
                PageWalk.ids(groups(space), Map.of()));
        asAdmin().post(groups(space) + "/" + space + "_c/disable").then().statusCode(200);
        assertEquals(List.of(space + "_c"), PageWalk.ids(groups(space), Map.of("status", "disabled")));
        assertTrue(PageWalk.ids(groups("space_acme"), Map.of()).containsAll(List.of("group_finance", "group_legal_emea")));
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get(groups("space_acme")).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("groups:read"));
        as(Api.BOB).get(groups("space_acme") + "/tree").then().statusCode(403);
        as(Api.BOB).body(Map.of("path", "nope")).post(groups("space_acme")).then().statusCode(403)
                .body("error.details.permission", equalTo("groups:manage"));
        as(Api.BOB).post(groups("space_acme") + "/group_finance/disable").then().statusCode(403);
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM groups WHERE path = 'nope'").size());
        assertEquals("active", TestDatabase.rows("SELECT status FROM groups WHERE id = 'group_finance'").get(0).get("status"));
    }
}
