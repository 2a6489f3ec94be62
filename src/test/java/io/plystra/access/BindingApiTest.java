package io.plystra.access;

import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
class BindingApiTest {

    private static Map<String, Object> requiring(String attribute, String op, Object value) {
        return Map.of("required_attributes", List.of(Map.of("attribute", attribute, "op", op, "value", value)));
    }

    @Test
    void aBindingIsCreatedPatchedRevokedAndRolledBackWithItsHistoryAndAnAuditRowEach() {
        BindingWorld w = BindingWorld.create();
        assertEquals("deny", w.decide());
        String id = w.bindRole("member", w.member(), Map.of());
        assertEquals("allow", w.decide());

        asAdmin().body(Map.of("conditions", requiring("context.channel", "eq", "web"))).patch(w.bindings() + "/" + id)
                .then().statusCode(200).body("data.version", equalTo(2))
                .body("data.conditions.required_attributes[0].op", equalTo("eq"));
        w.explain(Map.of()).body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("CONDITION_NOT_MET"))
                .body("data.matched_candidates[0].condition_check.failed", equalTo("context.channel eq web"));
        w.explain(Map.of("context", Map.of("channel", "web"))).body("data.decision", equalTo("allow"));

        asAdmin().post(w.bindings() + "/" + id + "/revoke").then().statusCode(200).body("data.status", equalTo("revoked"))
                .body("data.version", equalTo(3));
        assertEquals("deny", w.decide());

        asAdmin().get(w.bindings() + "/" + id + "/history").then().statusCode(200).body("data", hasSize(3))
                .body("data[0].version", equalTo(3)).body("data[0].verb", equalTo("revoked"))
                .body("data[2].state.conditions", nullValue());
        asAdmin().body(Map.of("version", 1)).post(w.bindings() + "/" + id + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(4)).body("data.status", equalTo("active")).body("data.conditions", nullValue())
                .body("data.revoked_at", nullValue());
        assertEquals("allow", w.decide());

        assertEquals(List.of("binding.created", "binding.updated", "binding.revoked", "binding.rolled_back"), auditActions(id));
        assertEquals("1", String.valueOf(lastAudit(id, "trace->'facts'->>'from_version'")));
    }

    @Test
    void aDirectPermissionBindingAllowsAndTheMemberRolesViewDoesNotShowIt() {
        BindingWorld w = BindingWorld.create();
        String id = asAdmin().body(Map.of("subject", Map.of("kind", "member", "id", w.member()), "permission_id", w.permission()))
                .post(w.bindings()).then().statusCode(201).body("data.role_id", nullValue())
                .body("data.permission_id", equalTo(w.permission())).extract().path("data.id");
        w.explain(Map.of()).body("data.decision", equalTo("allow")).body("data.matched_candidates[0].role", nullValue());
        asAdmin().get("/api/v1/spaces/" + w.space() + "/member-roles/" + id).then().statusCode(404);
        asAdmin().get("/api/v1/spaces/" + w.space() + "/member-roles").then().statusCode(200).body("data", hasSize(0));
        asAdmin().get(w.bindings() + "?subject_id=" + w.member()).then().statusCode(200).body("data", hasSize(1));
    }

    @Test
    void aMemberRoleIsABindingAndGetsAHistory() {
        BindingWorld w = BindingWorld.create();
        String id = asAdmin().body(Map.of("member_id", w.member(), "role_id", w.role()))
                .post("/api/v1/spaces/" + w.space() + "/member-roles").then().statusCode(201).extract().path("data.id");
        asAdmin().get(w.bindings() + "/" + id).then().statusCode(200).body("data.subject.kind", equalTo("member"))
                .body("data.subject.id", equalTo(w.member())).body("data.version", equalTo(1));
        asAdmin().post("/api/v1/spaces/" + w.space() + "/member-roles/" + id + "/revoke").then().statusCode(200);
        asAdmin().get(w.bindings() + "/" + id + "/history").then().statusCode(200).body("data", hasSize(2))
                .body("data[0].verb", equalTo("revoked"));
    }

    @Test
    void aWindowAndAttributeConditionDecideWithTheirOwnCodes() {
        BindingWorld w = BindingWorld.create();
        String future = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String id = w.bindRole("member", w.member(), Map.of("conditions", Map.of("starts_at", future)));
        assertEquals("object", TestDatabase.rows("SELECT jsonb_typeof(conditions) AS t FROM member_roles WHERE id = ?", id)
                .get(0).get("t"), "conditions are stored as a JSON object");
        w.explain(Map.of()).body("data.deny_code", equalTo("BINDING_NOT_YET_VALID"));
        asAdmin().body(Map.of("conditions", Map.of("ends_at", "2020-01-01T00:00:00Z"))).patch(w.bindings() + "/" + id)
                .then().statusCode(200);
        w.explain(Map.of()).body("data.deny_code", equalTo("BINDING_EXPIRED"));
        Map<String, Object> cidr = requiring("context.ip", "in_cidr", "10.0.0.0/8");
        asAdmin().body(Map.of("conditions", cidr)).patch(w.bindings() + "/" + id).then().statusCode(200);
        w.explain(Map.of("context", Map.of("ip", "10.1.2.3"))).body("data.decision", equalTo("allow"));
        w.explain(Map.of("context", Map.of("ip", "192.0.2.1"))).body("data.deny_code", equalTo("CONDITION_NOT_MET"));
        w.explain(Map.of()).body("data.deny_code", equalTo("CONDITION_NOT_MET"));
    }

    @Test
    void invalidBindingsAre400NamingTheField() {
        BindingWorld w = BindingWorld.create();
        Map<String, Object> subject = Map.of("kind", "member", "id", w.member());
        asAdmin().body(Map.of("subject", subject)).post(w.bindings()).then().statusCode(400)
                .body("error.details.fields.role_id", notNullValue());
        asAdmin().body(Map.of("subject", subject, "role_id", w.role(), "permission_id", w.permission())).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.role_id", notNullValue());
        asAdmin().body(Map.of("subject", Map.of("kind", "robot", "id", "x"), "role_id", w.role())).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.'subject.kind'", notNullValue());
        asAdmin().body(Map.of("subject", Map.of("kind", "member", "id", "member_missing"), "role_id", w.role())).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.'subject.id'", notNullValue());
        asAdmin().body(Map.of("subject", Map.of("kind", "team", "id", "team_missing"), "role_id", w.role())).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.'subject.id'", notNullValue());
        asAdmin().body(Map.of("subject", subject, "role_id", "role_finance_approver")).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.role_id", notNullValue());
        asAdmin().body(Map.of("subject", subject, "role_id", w.role(), "conditions", Map.of("when", "always"))).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.'conditions.when'", notNullValue());
        asAdmin().body(Map.of("subject", subject, "role_id", w.role(), "conditions", requiring("resource.amount", "lte", "lots")))
                .post(w.bindings()).then().statusCode(400)
                .body("error.details.fields.'conditions.required_attributes[0].value'", notNullValue());
        Map<String, Object> badPatch = new HashMap<>();
        badPatch.put("role_id", "role_x");
        String id = w.bindRole("member", w.member(), Map.of());
        asAdmin().body(badPatch).patch(w.bindings() + "/" + id).then().statusCode(400);
        asAdmin().body(Map.of("version", 0)).post(w.bindings() + "/" + id + "/rollback").then().statusCode(400);
        asAdmin().body(Map.of("version", 9)).post(w.bindings() + "/" + id + "/rollback").then().statusCode(404);
    }

    @Test
    void unknownAndForeignBindingsAreNotFoundAndASpaceAdminStaysInItsSpace() {
        BindingWorld w = BindingWorld.create();
        String id = w.bindRole("member", w.member(), Map.of());
        asAdmin().get(w.bindings() + "/bnd_missing").then().statusCode(404).body("error.code", equalTo("BINDING_NOT_FOUND"));
        asAdmin().get("/api/v1/spaces/space_acme/bindings/" + id).then().statusCode(404);
        asAdmin().post("/api/v1/spaces/space_acme/bindings/" + id + "/revoke").then().statusCode(404);
        String otherAdmin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(otherAdmin).get(w.bindings()).then().statusCode(403);
        as(otherAdmin).body(Map.of("subject", Map.of("kind", "member", "id", w.member()), "role_id", w.role()))
                .post(w.bindings()).then().statusCode(403);
        String ownAdmin = AccessFixtures.spaceAdmin(w.space());
        as(ownAdmin).get(w.bindings() + "/" + id).then().statusCode(200);
    }
}
