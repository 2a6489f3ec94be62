package io.plystra.access;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Decisions over stored and inline attributes, external resource types, and column-level answers (check-columns,
 * allowed-columns): each through the API, each with its audit row.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ConditionsAndColumnsApiTest {

    static Map<String, Object> requiring(String attribute, String op, Object value) {
        return Map.of("required_attributes", List.of(Map.of("attribute", attribute, "op", op, "value", value)));
    }

    static void setAttribute(BindingWorld w, String kind, String subject, String key, Object value) {
        asAdmin().body(Map.of("value", value)).put("/api/v1/spaces/" + w.space() + "/attributes/" + kind + "/" + subject + "/" + key)
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));
    }

    static Map<String, Object> trace(String auditLogId) {
        String json = (String) TestDatabase.rows("SELECT trace::text AS t FROM audit_logs WHERE id = ?", auditLogId).get(0).get("t");
        return new JsonPath(json).getMap("");
    }

    @Test
    void storedAttributesDecideAndEveryChangeIsSeenByTheNextCheck() {
        BindingWorld w = BindingWorld.create();
        Map<String, Object> conditions = new HashMap<>();
        conditions.put("required_attributes", List.of(
                Map.of("attribute", "resource.amount", "op", "lte", "value", 10000),
                Map.of("attribute", "principal.department", "op", "eq", "value", "finance")));
        w.bindRole("member", w.member(), Map.of("conditions", conditions));
        // Neither attribute is set: a missing attribute fails closed.
        w.explain(Map.of()).body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("CONDITION_NOT_MET"));
        String resource = w.type() + ":" + w.resource();
        setAttribute(w, "resources", resource, "amount", 5000);
        setAttribute(w, "members", w.member(), "department", "finance");
        String auditId = w.explain(Map.of()).body("data.decision", equalTo("allow")).extract().path("data.audit_log_id");
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) trace(auditId).get("attributes");
        assertEquals(Map.of("amount", 5000), read.get("resource"), "the audit row keeps the attributes the conditions read");
        assertEquals(Map.of("department", "finance"), read.get("principal"));
        setAttribute(w, "resources", resource, "amount", 20000);
        w.explain(Map.of()).body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("CONDITION_NOT_MET"))
                .body("data.reason", org.hamcrest.Matchers.containsString("resource.amount"));
        // Inline attributes stand in for the stored ones.
        w.explain(Map.of("resource_attributes", Map.of("amount", 10000))).body("data.decision", equalTo("allow"));
        w.explain(Map.of("resource_attributes", Map.of("amount", 10001))).body("data.decision", equalTo("deny"));
        asAdmin().body(Map.of("value", 10)).put("/api/v1/spaces/" + w.space() + "/attributes/resources/" + resource + "/amount")
                .then().statusCode(200);
        assertEquals("allow", w.decide());
        asAdmin().delete("/api/v1/spaces/" + w.space() + "/attributes/members/" + w.member() + "/department").then().statusCode(200);
        assertEquals("deny", w.decide(), "an attribute deleted is absent at once");
    }

    @Test
    void conditionsReadTheSpacesOrganizationsAttributes() {
        BindingWorld w = BindingWorld.create();
        String org = asAdmin().body(Map.of("name", "Org " + w.space())).post("/api/v1/organizations").then().statusCode(201)
                .extract().path("data.id");
        asAdmin().body(Map.of("organization_id", org)).patch("/api/v1/spaces/" + w.space()).then().statusCode(200);
        w.bindRole("member", w.member(), Map.of("conditions", requiring("organization.tier", "eq", "gold")));
        w.explain(Map.of()).body("data.deny_code", equalTo("CONDITION_NOT_MET"));
        String tier = "/api/v1/organizations/" + org + "/attributes/tier";
        asAdmin().body(Map.of("value", "gold")).put(tier).then().statusCode(201);
        assertEquals("allow", w.decide());
        asAdmin().body(Map.of("value", "silver")).put(tier).then().statusCode(200);
        assertEquals("deny", w.decide(), "the change notification evicts the organization's cached attributes");
        asAdmin().body(Map.of("value", "gold")).put(tier).then().statusCode(200);
        assertEquals("allow", w.decide());
        asAdmin().delete(tier).then().statusCode(200);
        assertEquals("deny", w.decide(), "a deleted attribute is evicted too");
    }

    @Test
    void malformedInlineAttributesAre400() {
        BindingWorld w = BindingWorld.create();
        for (Object bad : List.of("amount", List.of(1), Map.of("amount", Map.of("nested", 1)), Map.of("tags", List.of("a", 2)))) {
            asAdmin().body(w.check(Map.of("resource_attributes", bad))).post("/api/v1/authz/check").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void anExternalTypeNeedsNoResourceRowAndCoversOnlyWithSpaceScope() {
        BindingWorld w = BindingWorld.create();
        w.bindRole("member", w.member(), Map.of("conditions", requiring("resource.classification", "eq", "internal")));
        Map<String, Object> unknown = Map.of("resource_id", "s3://bucket/report.csv",
                "resource_attributes", Map.of("classification", "internal"));
        w.explain(unknown).body("data.deny_code", equalTo("RESOURCE_NOT_FOUND"));
        asAdmin().body(Map.of("key", w.type(), "display_name", "External", "storage_kind", "external")).post("/api/v1/resource-types")
                .then().statusCode(org.hamcrest.Matchers.lessThan(300));
        w.explain(unknown).body("data.decision", equalTo("allow")).body("data.target.resource.space_id", equalTo(w.space()));
        w.explain(Map.of("resource_id", "s3://bucket/report.csv", "resource_attributes", Map.of("classification", "secret")))
                .body("data.deny_code", equalTo("CONDITION_NOT_MET"));
    }

    @Test
    void checkColumnsAnswersEachColumnAndAuditsTheDeniedOnes() {
        BindingWorld w = BindingWorld.create();
        columns(w);
        String finance = w.bindRole("member", w.member(), Map.of("conditions", Map.of("column_groups", List.of("finance"))));
        JsonPath answer = checkColumns(w, List.of("amount", "email", "nope", "amount"));
        assertEquals("allow", answer.getString("data.decision"));
        assertEquals(false, answer.getBoolean("data.allow_all"));
        assertEquals(List.of("amount"), answer.getList("data.allowed"));
        assertEquals(List.of(Map.of("column", "email", "deny_code", "COLUMN_NOT_GRANTED"), Map.of("column", "nope", "deny_code", "UNKNOWN_COLUMN")),
                answer.getList("data.denied"));
        @SuppressWarnings("unchecked")
        Map<String, Object> audited = (Map<String, Object>) trace(answer.getString("data.audit_log_id")).get("columns");
        assertEquals("check_columns", audited.get("kind"));
        assertEquals(Map.of("COLUMN_NOT_GRANTED", List.of("email"), "UNKNOWN_COLUMN", List.of("nope")), audited.get("denied"));
        assertEquals(List.of("amount", "email", "nope", "amount"), audited.get("asked"));

        asAdmin().body(w.check(Map.of())).post("/api/v1/authz/allowed-columns").then().statusCode(200)
                .body("data.allow_all", equalTo(false))
                .body("data.columns.column", contains("id", "amount"))
                .body("data.columns.find { it.column == 'amount' }.groups", contains("finance"));

        // A second binding limited to pii_basic adds its columns; a binding with no column groups grants all.
        w.bindRole("member", w.member(), Map.of("conditions", Map.of("column_groups", List.of("pii_basic"))));
        assertEquals(List.of("amount", "email"), checkColumns(w, List.of("amount", "email")).getList("data.allowed"));
        asAdmin().body(Map.of("conditions", Map.of("starts_at", "2020-01-01T00:00:00Z"))).patch(w.bindings() + "/" + finance)
                .then().statusCode(200);
        JsonPath all = checkColumns(w, List.of("notes", "phone"));
        assertEquals(true, all.getBoolean("data.allow_all"));
        assertEquals(List.of("notes", "phone"), all.getList("data.allowed"));
        asAdmin().body(w.check(Map.of())).post("/api/v1/authz/allowed-columns").then().statusCode(200)
                .body("data.columns.find { it.column == 'email' }.groups", contains("*", "pii_basic"));
    }

    @Test
    void aDeniedRowDeniesEveryColumnWithItsCode() {
        BindingWorld w = BindingWorld.create();
        columns(w);
        JsonPath answer = checkColumns(w, List.of("amount", "nope"));
        assertEquals("NO_MATCHING_PERMISSION", answer.getString("data.deny_code"));
        assertEquals(List.of(), answer.getList("data.allowed"));
        assertEquals(List.of(Map.of("column", "amount", "deny_code", "NO_MATCHING_PERMISSION"),
                Map.of("column", "nope", "deny_code", "UNKNOWN_COLUMN")), answer.getList("data.denied"));
        asAdmin().body(w.check(Map.of())).post("/api/v1/authz/allowed-columns").then().statusCode(200)
                .body("data.decision", equalTo("deny")).body("data.columns.size()", equalTo(0));
    }

    @Test
    void columnRequestsAreValidated() {
        BindingWorld w = BindingWorld.create();
        List<Object> bad = new java.util.ArrayList<>(List.of(List.of(), List.of(""), "amount"));
        bad.add(null);
        for (Object columns : bad) {
            Map<String, Object> body = new HashMap<>(w.check(Map.of()));
            body.put("columns", columns);
            asAdmin().body(body).post("/api/v1/authz/check-columns").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"));
        }
        Map<String, Object> noType = new HashMap<>(w.check(Map.of("columns", List.of("a"))));
        noType.remove("resource_type");
        asAdmin().body(noType).post("/api/v1/authz/check-columns").then().statusCode(400)
                .body("error.details.fields.resource_type", equalTo("is required"));
        asAdmin().body(w.check(Map.of("columns", List.of("a")))).post("/api/v1/authz/allowed-columns").then().statusCode(400);
        io.restassured.RestAssured.given().contentType("application/json").body(w.check(Map.of("columns", List.of("a"))))
                .post("/api/v1/authz/check-columns").then().statusCode(401);
    }

    @Test
    void bindingsNameOnlyColumnGroupsOfTheirTypesAndAGroupInUseCannotBeDeleted() {
        BindingWorld w = BindingWorld.create();
        columns(w);
        asAdmin().body(Map.of("subject", Map.of("kind", "member", "id", w.member()), "role_id", w.role(),
                "conditions", Map.of("column_groups", List.of("finance", "payroll")))).post(w.bindings()).then().statusCode(400)
                .body("error.details.fields.'conditions.column_groups'", org.hamcrest.Matchers.containsString("payroll"));
        String id = w.bindRole("member", w.member(), Map.of("conditions", Map.of("column_groups", List.of("finance"))));
        asAdmin().body(Map.of("conditions", Map.of("column_groups", List.of("nope")))).patch(w.bindings() + "/" + id)
                .then().statusCode(400);
        asAdmin().delete("/api/v1/resource-types/" + w.type() + "/column-groups/finance").then().statusCode(409)
                .body("error.message", org.hamcrest.Matchers.containsString(id));
        asAdmin().post(w.bindings() + "/" + id + "/revoke").then().statusCode(200);
        asAdmin().delete("/api/v1/resource-types/" + w.type() + "/column-groups/finance").then().statusCode(200);
    }

    @Test
    void aServiceIsBoundByItsMemberAndDecidedInTheServiceForm() {
        BindingWorld w = BindingWorld.create();
        var service = asAdmin().body(Map.of("name", "svc " + w.space())).post("/api/v1/spaces/" + w.space() + "/services")
                .then().statusCode(201).extract().jsonPath();
        String serviceId = service.getString("data.id");
        String serviceMember = service.getString("data.member_id");
        asAdmin().body(Map.of("subject", Map.of("kind", "service", "id", w.member()), "role_id", w.role())).post(w.bindings())
                .then().statusCode(400).body("error.details.fields.'subject.id'", org.hamcrest.Matchers.containsString("service"));
        w.bindRole("service", serviceMember, Map.of("conditions", requiring("context.purpose", "eq", "billing")));
        Map<String, Object> body = new HashMap<>(w.check(Map.of("context", Map.of("purpose", "billing"))));
        body.put("actor", Map.of("service_id", serviceId, "member_id", serviceMember, "space_id", w.space()));
        asAdmin().body(body).post("/api/v1/authz/explain").then().statusCode(200).body("data.decision", equalTo("allow"))
                .body("data.matched_candidates[0].subject.kind", equalTo("service"));
        body.put("context", Map.of("purpose", "marketing"));
        asAdmin().body(body).post("/api/v1/authz/check").then().statusCode(200).body("data.deny_code", equalTo("CONDITION_NOT_MET"));
    }

    @Test
    void lookupsAnswerWhatCheckAnswersThroughTeamsAndConditions() {
        BindingWorld w = BindingWorld.create();
        String team = w.team();
        asAdmin().body(Map.of("member_id", w.member())).post(w.teams() + "/" + team + "/members").then().statusCode(201);
        w.bindRole("team", team, Map.of("conditions", requiring("resource.amount", "lte", 100)));
        setAttribute(w, "resources", w.type() + ":" + w.resource(), "amount", 50);
        assertEquals("allow", w.decide());
        Map<String, Object> resources = Map.of("actor", w.check(Map.of()).get("actor"), "resource_type", w.type(), "action", "read");
        Map<String, Object> members = Map.of("space_id", w.space(), "resource_type", w.type(), "resource_id", w.resource(), "action", "read");
        asAdmin().body(resources).post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids", contains(w.resource()));
        asAdmin().body(members).post("/api/v1/authz/lookup-members").then().statusCode(200)
                .body("data.members.id", contains(w.member()));
        setAttribute(w, "resources", w.type() + ":" + w.resource(), "amount", 500);
        assertEquals("deny", w.decide());
        asAdmin().body(resources).post("/api/v1/authz/lookup-resources").then().statusCode(200)
                .body("data.resource_ids.size()", equalTo(0));
        asAdmin().body(members).post("/api/v1/authz/lookup-members").then().statusCode(200)
                .body("data.members.size()", equalTo(0));
    }

    /** Columns id, amount, email, phone, notes; groups finance [id, amount] and pii_basic [email, phone]. */
    static void columns(BindingWorld w) {
        asAdmin().body(Map.of("columns", List.of(Map.of("name", "id"), Map.of("name", "amount"), Map.of("name", "email"),
                Map.of("name", "phone"), Map.of("name", "notes")))).put("/api/v1/resource-types/" + w.type() + "/columns")
                .then().statusCode(200);
        asAdmin().body(Map.of("key", "finance", "columns", List.of("id", "amount")))
                .post("/api/v1/resource-types/" + w.type() + "/column-groups").then().statusCode(201);
        asAdmin().body(Map.of("key", "pii_basic", "columns", List.of("email", "phone")))
                .post("/api/v1/resource-types/" + w.type() + "/column-groups").then().statusCode(201);
    }

    static JsonPath checkColumns(BindingWorld w, List<String> columns) {
        var r = asAdmin().body(w.check(Map.of("columns", columns))).post("/api/v1/authz/check-columns").then().statusCode(200)
                .extract();
        assertTrue(r.header("X-Plystra-Trace-ID").startsWith("trc_"));
        return r.jsonPath();
    }
}
