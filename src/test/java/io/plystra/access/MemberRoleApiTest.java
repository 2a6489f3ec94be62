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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.kernel.Timestamps;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(DemoProfile.class)
class MemberRoleApiTest {

    static final String MEMBER_ROLES = "/api/v1/spaces/space_acme/member-roles";

    @Test
    void createsReadsPatchesAndRevokesWithAnAuditRowEach() {
        String member = AccessFixtures.member("space_acme");
        String role = AccessFixtures.role("space_acme");
        String id = unique("mr_t");
        String expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        asAdmin().body(Map.of("id", id, "member_id", member, "role_id", role, "scope_anchor_group_id", "group_finance",
                        "expires_at", expires)).post(MEMBER_ROLES)
                .then().statusCode(201).body("data.id", equalTo(id)).body("data.space_id", equalTo("space_acme"))
                .body("data.member_id", equalTo(member)).body("data.role_id", equalTo(role))
                .body("data.scope_anchor_group_id", equalTo("group_finance")).body("data.expires_at", equalTo(expires))
                .body("data.status", equalTo("active"));
        asAdmin().get(MEMBER_ROLES + "/" + id).then().statusCode(200).body("data.expires_at", equalTo(expires));
        Map<String, Object> patch = new HashMap<>();
        patch.put("expires_at", null);
        patch.put("scope_anchor_group_id", "group_finance_apac");
        asAdmin().body(patch).patch(MEMBER_ROLES + "/" + id).then().statusCode(200)
                .body("data.expires_at", nullValue()).body("data.scope_anchor_group_id", equalTo("group_finance_apac"))
                .body("data.role_id", equalTo(role));
        String revokedAt = asAdmin().post(MEMBER_ROLES + "/" + id + "/revoke").then().statusCode(200)
                .body("data.status", equalTo("revoked")).body("data.revoked_at", notNullValue())
                .extract().path("data.revoked_at");
        asAdmin().post(MEMBER_ROLES + "/" + id + "/revoke").then().statusCode(200).body("data.revoked_at", equalTo(revokedAt));

        assertEquals(List.of("member_role.created", "member_role.updated", "member_role.revoked", "member_role.revoked"),
                auditActions(id));
        assertEquals("space_acme", lastAudit(id, "space_id"));
        assertEquals(member, lastAudit(id, "trace->'after'->>'member_id'"));
    }

    @Test
    void unknownIdIsNotFoundOnEveryRoute() {
        asAdmin().get(MEMBER_ROLES + "/mr_missing").then().statusCode(404).body("error.code", equalTo("MEMBER_ROLE_NOT_FOUND"));
        asAdmin().body(Map.of("expires_at", "2999-01-01T00:00:00Z")).patch(MEMBER_ROLES + "/mr_missing").then().statusCode(404)
                .body("error.code", equalTo("MEMBER_ROLE_NOT_FOUND"));
        asAdmin().post(MEMBER_ROLES + "/mr_missing/revoke").then().statusCode(404).body("error.code", equalTo("MEMBER_ROLE_NOT_FOUND"));
        asAdmin().get("/api/v1/spaces/space_missing/member-roles").then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        String other = AccessFixtures.space();
        asAdmin().get("/api/v1/spaces/" + other + "/member-roles/mr_finance_reviewer_approver_finance").then().statusCode(404)
                .body("error.code", equalTo("MEMBER_ROLE_NOT_FOUND"));
        asAdmin().post("/api/v1/spaces/" + other + "/member-roles/mr_finance_reviewer_approver_finance/revoke").then().statusCode(404);
        asAdmin().get(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance").then().body("data.status", equalTo("active"));
    }

    @Test
    void memberRoleAndAnchorMustBelongToThisSpace() {
        String other = AccessFixtures.space();
        String member = AccessFixtures.member("space_acme");
        String role = AccessFixtures.role("space_acme");
        String foreignMember = AccessFixtures.member(other);
        String foreignRole = AccessFixtures.role(other);
        String foreignGroup = AccessFixtures.group(other);
        asAdmin().body(Map.of("member_id", foreignMember, "role_id", role)).post(MEMBER_ROLES).then().statusCode(400)
                .body("error.details.fields.member_id", equalTo("must be a member of this space"));
        asAdmin().body(Map.of("member_id", member, "role_id", foreignRole)).post(MEMBER_ROLES).then().statusCode(400)
                .body("error.details.fields.role_id", equalTo("must be a role of this space"));
        asAdmin().body(Map.of("member_id", member, "role_id", role, "scope_anchor_group_id", foreignGroup)).post(MEMBER_ROLES)
                .then().statusCode(400)
                .body("error.details.fields.scope_anchor_group_id", equalTo("must be a group of this space"));
        asAdmin().body(Map.of("member_id", "member_missing", "role_id", role)).post(MEMBER_ROLES).then().statusCode(400)
                .body("error.details.fields.member_id", equalTo("must be a member of this space"));
        asAdmin().body(Map.of("scope_anchor_group_id", foreignGroup)).patch(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance")
                .then().statusCode(400).body("error.details.fields.scope_anchor_group_id", equalTo("must be a group of this space"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM member_roles WHERE member_id IN (?, ?)", member, foreignMember).isEmpty());
        asAdmin().get(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance").then()
                .body("data.scope_anchor_group_id", equalTo("group_finance"));
    }

    @Test
    void expiryMustBeAFutureTimestamp() {
        String member = AccessFixtures.member("space_acme");
        String role = AccessFixtures.role("space_acme");
        asAdmin().body(Map.of("member_id", member, "role_id", role, "expires_at", "2020-01-01T00:00:00Z")).post(MEMBER_ROLES)
                .then().statusCode(400).body("error.details.fields.expires_at", equalTo("must be in the future"));
        asAdmin().body(Map.of("member_id", member, "role_id", role, "expires_at", "next tuesday")).post(MEMBER_ROLES)
                .then().statusCode(400).body("error.details.fields.expires_at", equalTo(Timestamps.PROBLEM));
        asAdmin().body(Map.of("expires_at", "2020-01-01T00:00:00Z")).patch(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance")
                .then().statusCode(400).body("error.details.fields.expires_at", equalTo("must be in the future"));
        asAdmin().body(Map.of("role_id", role)).patch(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance")
                .then().statusCode(400).body("error.details.fields.role_id", equalTo("cannot be changed"));
        asAdmin().get(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance").then().body("data.expires_at", nullValue());
    }

    @Test
    void aGrantInForceOrATakenIdIsConflict() {
        String member = AccessFixtures.member("space_acme");
        String role = AccessFixtures.role("space_acme");
        Map<String, Object> body = Map.of("member_id", member, "role_id", role, "scope_anchor_group_id", "group_finance");
        String first = asAdmin().body(body).post(MEMBER_ROLES).then().statusCode(201).extract().path("data.id");
        asAdmin().body(body).post(MEMBER_ROLES).then().statusCode(409).body("error.code", equalTo("MEMBER_ROLE_CONFLICT"));
        asAdmin().body(Map.of("member_id", member, "role_id", role)).post(MEMBER_ROLES).then().statusCode(201);
        asAdmin().body(Map.of("id", first, "member_id", member, "role_id", role, "scope_anchor_group_id", "group_legal"))
                .post(MEMBER_ROLES).then().statusCode(409).body("error.code", equalTo("MEMBER_ROLE_CONFLICT"));
        asAdmin().post(MEMBER_ROLES + "/" + first + "/revoke").then().statusCode(200);
        asAdmin().body(body).post(MEMBER_ROLES).then().statusCode(201);
        assertEquals(3, TestDatabase.rows("SELECT 1 FROM member_roles WHERE member_id = ?", member).size());
    }

    @Test
    void paginatedWalkAndFiltersSeeEveryRowOnce() {
        String member = AccessFixtures.member("space_acme");
        List<String> roles = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String role = AccessFixtures.role("space_acme");
            roles.add(role);
            created.add(asAdmin().body(Map.of("member_id", member, "role_id", role)).post(MEMBER_ROLES)
                    .then().statusCode(201).extract().path("data.id"));
        }
        assertEquals(created, walk(MEMBER_ROLES, Map.of("member_id", member)));
        assertEquals(List.of(created.get(1)), walk(MEMBER_ROLES, Map.of("role_id", roles.get(1))));
        asAdmin().post(MEMBER_ROLES + "/" + created.get(0) + "/revoke").then().statusCode(200);
        assertEquals(List.of(created.get(0)), walk(MEMBER_ROLES, Map.of("member_id", member, "status", "revoked")));
        asAdmin().get(MEMBER_ROLES + "?status=disabled").then().statusCode(400)
                .body("error.details.fields.status", equalTo("must be one of [active, revoked]"));
    }

    @Test
    void nonAdminIsForbidden() {
        String member = AccessFixtures.member("space_acme");
        as(Api.BOB).get(MEMBER_ROLES).then().statusCode(403).body("error.details.permission", equalTo("roles:read"));
        as(Api.BOB).body(Map.of("member_id", member, "role_id", "role_finance_approver")).post(MEMBER_ROLES)
                .then().statusCode(403).body("error.details.permission", equalTo("roles:manage"));
        as(Api.BOB).post(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance/revoke").then().statusCode(403);
        assertTrue(TestDatabase.rows("SELECT 1 FROM member_roles WHERE member_id = ?", member).isEmpty());
        asAdmin().get(MEMBER_ROLES + "/mr_finance_reviewer_approver_finance").then().body("data.status", equalTo("active"));
    }
}
