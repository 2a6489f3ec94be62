package io.plystra.identity;

import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
class MemberApiTest {

    static String members(String space) {
        return "/api/v1/spaces/" + space + "/members";
    }

    static String newMember(String space) {
        String id = "member_t_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "display_name", "Member " + id)).post(members(space)).then().statusCode(201);
        return id;
    }

    @Test
    void createsReadsPatchesDisablesAndRestoresWithAnAuditRowEach() {
        String id = "member_t_" + System.nanoTime();
        asAdmin().body(Map.of("id", id, "display_name", "  Ada  ")).post(members("space_acme")).then().statusCode(201)
                .body("data.id", equalTo(id))
                .body("data.space_id", equalTo("space_acme"))
                .body("data.display_name", equalTo("Ada"))
                .body("data.member_type", equalTo("person"))
                .body("data.status", equalTo("active"));
        asAdmin().get(members("space_acme") + "/" + id).then().statusCode(200).body("data.display_name", equalTo("Ada"));
        asAdmin().body(Map.of("member_type", "service_account")).patch(members("space_acme") + "/" + id).then().statusCode(200)
                .body("data.member_type", equalTo("service_account")).body("data.display_name", equalTo("Ada"));
        asAdmin().post(members("space_acme") + "/" + id + "/disable").then().statusCode(200).body("data.status", equalTo("disabled"));
        asAdmin().post(members("space_acme") + "/" + id + "/restore").then().statusCode(200).body("data.status", equalTo("active"));

        List<Map<String, Object>> audit = TestDatabase.rows(
                "SELECT action, space_id, actor_user_id, resource_type FROM audit_logs WHERE resource_id = ? ORDER BY created_at, id", id);
        assertEquals(List.of("member.created", "member.updated", "member.disabled", "member.restored"),
                audit.stream().map(r -> r.get("action")).toList());
        assertEquals("space_acme", audit.get(0).get("space_id"));
        assertEquals("member", audit.get(0).get("resource_type"));
        assertEquals("user_alice", audit.get(0).get("actor_user_id"));
    }

    @Test
    void givenMemberTypeIsKept() {
        asAdmin().body(Map.of("display_name", "Bot", "member_type", "role_account")).post(members("space_acme")).then()
                .statusCode(201).body("data.member_type", equalTo("role_account"))
                .body("data.id", org.hamcrest.Matchers.startsWith("member_"));
    }

    @Test
    void memberOfAnotherSpaceIsNotFoundThroughThisSpace() {
        String space = GroupApiTest.newSpace();
        asAdmin().get(members(space) + "/member_finance_reviewer").then().statusCode(404).body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().body(Map.of("display_name", "Hijacked")).patch(members(space) + "/member_finance_reviewer").then().statusCode(404);
        asAdmin().post(members(space) + "/member_finance_reviewer/disable").then().statusCode(404)
                .body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().get(members("space_acme") + "/member_finance_reviewer").then().statusCode(200)
                .body("data.status", equalTo("active")).body("data.display_name", equalTo("Finance Reviewer"));
    }

    @Test
    void duplicateIdIsConflict() {
        String id = newMember("space_acme");
        asAdmin().body(Map.of("id", id, "display_name", "Again")).post(members("space_acme")).then().statusCode(409)
                .body("error.code", equalTo("MEMBER_CONFLICT"));
        asAdmin().body(Map.of("id", id, "display_name", "Elsewhere")).post(members(GroupApiTest.newSpace())).then().statusCode(409)
                .body("error.code", equalTo("MEMBER_CONFLICT"));
        asAdmin().get(members("space_acme") + "/" + id).then().body("data.display_name", equalTo("Member " + id));
        assertEquals(List.of("member.created"), TestDatabase.rows("SELECT action FROM audit_logs WHERE resource_id = ?", id)
                .stream().map(r -> r.get("action")).toList(), "a refused create writes no audit row");
    }

    @Test
    void badInputIsValidationFailureNamingTheField() {
        asAdmin().body(Map.of("member_type", "person")).post(members("space_acme")).then().statusCode(400)
                .body("error.details.fields.display_name", equalTo("is required"));
        asAdmin().body(Map.of("display_name", "x", "member_type", "Not A Type")).post(members("space_acme")).then().statusCode(400)
                .body("error.details.fields.member_type", equalTo("must match [a-z][a-z0-9_]{0,63}"));
        asAdmin().body(Map.of("display_name", "x", "space_id", "space_other")).post(members("space_acme")).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"));
        String id = newMember("space_acme");
        asAdmin().body(Map.of("display_name", " ")).patch(members("space_acme") + "/" + id).then().statusCode(400)
                .body("error.details.fields.display_name", equalTo("must not be blank"));
        asAdmin().body(Map.of("space_id", "space_other")).patch(members("space_acme") + "/" + id).then().statusCode(400)
                .body("error.details.fields.space_id", equalTo("cannot be changed"));
        asAdmin().queryParam("status", "revoked").get(members("space_acme")).then().statusCode(400)
                .body("error.details.fields.status", equalTo("must be one of [active, disabled]"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get(members("space_acme") + "/member_missing").then().statusCode(404).body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().body(Map.of("display_name", "x")).patch(members("space_acme") + "/member_missing").then().statusCode(404);
        asAdmin().post(members("space_acme") + "/member_missing/disable").then().statusCode(404)
                .body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().post(members("space_acme") + "/member_missing/restore").then().statusCode(404)
                .body("error.code", equalTo("MEMBER_NOT_FOUND"));
        asAdmin().get(members("space_missing")).then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().body(Map.of("display_name", "x")).post(members("space_missing")).then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
    }

    @Test
    void paginatedWalkSeesEveryMemberOfTheSpaceOnce() {
        String space = GroupApiTest.newSpace();
        List<String> created = List.of(newMember(space), newMember(space), newMember(space), newMember(space), newMember(space));
        assertEquals(created, PageWalk.ids(members(space), Map.of()));
        List<String> acme = PageWalk.ids(members("space_acme"), Map.of());
        assertTrue(acme.containsAll(List.of("member_finance_reviewer", "member_invoice_creator")));
        assertTrue(acme.stream().noneMatch(created::contains), "only this space's members");
    }

    @Test
    void nonAdminIsForbidden() {
        as(Api.BOB).get(members("space_acme")).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"))
                .body("error.details.permission", equalTo("members:read"));
        as(Api.BOB).body(Map.of("display_name", "Nope")).post(members("space_acme")).then().statusCode(403)
                .body("error.details.permission", equalTo("members:manage"));
        as(Api.BOB).post(members("space_acme") + "/member_finance_reviewer/disable").then().statusCode(403);
        assertEquals(0, TestDatabase.rows("SELECT 1 FROM members WHERE display_name = 'Nope'").size());
        assertEquals("active", TestDatabase.rows("SELECT status FROM members WHERE id = 'member_finance_reviewer'").get(0).get("status"));
    }
}
