package io.plystra.attribute;

import static io.plystra.attribute.AttributeApiTest.body;
import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.AdminApi.lastAudit;
import static io.plystra.testsupport.Api.as;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The attributes of organizations: the space routes' views with no space, {@code organizations:*} declared, 404 for an
 * organization unknown or out of reach. Their effect on decisions: {@code ConditionsAndColumnsApiTest}.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class OrganizationAttributeApiTest {

    static String organization() {
        return asAdmin().body(Map.of("name", AccessFixtures.unique("Org"))).post("/api/v1/organizations").then().statusCode(201)
                .extract().path("data.id");
    }

    static String attributes(String org) {
        return "/api/v1/organizations/" + org + "/attributes";
    }

    @Test
    void setsReplacesReadsListsAndDeletesWithAnAuditRowEach() {
        String org = organization();
        String path = attributes(org);
        asAdmin().get(path).then().statusCode(200).body("data.kind", equalTo("organizations")).body("data.subject", equalTo(org))
                .body("data.space_id", nullValue()).body("data.attributes", hasSize(0));
        asAdmin().body(body("gold")).put(path + "/tier").then().statusCode(201)
                .body("data.kind", equalTo("organizations")).body("data.subject", equalTo(org)).body("data.space_id", nullValue())
                .body("data.key", equalTo("tier")).body("data.value", equalTo("gold")).body("data.type", equalTo("string"))
                .body("data.created_at", notNullValue());
        asAdmin().body(body(List.of("eu", "apac"))).put(path + "/regions").then().statusCode(201)
                .body("data.type", equalTo("string_list"));
        String createdAt = asAdmin().get(path + "/tier").then().statusCode(200).body("data.value", equalTo("gold"))
                .extract().path("data.created_at");
        asAdmin().body(body("silver")).put(path + "/tier").then().statusCode(200)
                .body("data.value", equalTo("silver")).body("data.created_at", equalTo(createdAt));
        asAdmin().get(path).then().statusCode(200).body("data.attributes.key", contains("regions", "tier"))
                .body("data.attributes.find { it.key == 'tier' }.value", equalTo("silver"));
        assertEquals(List.of(Map.of("space_id", "null", "subject_kind", "organization")), TestDatabase.rows(
                "SELECT coalesce(space_id, 'null') AS space_id, subject_kind FROM attributes WHERE subject_id = ? AND key = 'tier'", org));

        asAdmin().delete(path + "/tier").then().statusCode(200).body("data.value", equalTo("silver"));
        asAdmin().delete(path + "/tier").then().statusCode(404).body("error.code", equalTo("ATTRIBUTE_NOT_FOUND"));
        asAdmin().get(path + "/tier").then().statusCode(404).body("error.code", equalTo("ATTRIBUTE_NOT_FOUND"));
        asAdmin().get(path).then().statusCode(200).body("data.attributes.key", contains("regions"));

        String entity = "organization:" + org + ":tier";
        assertEquals(List.of("attribute.set", "attribute.set", "attribute.deleted"), auditActions(entity));
        assertNull(lastAudit(entity, "space_id"));
        assertEquals("silver", lastAudit(entity, "trace->'after'->>'value'"));
        assertEquals(List.of("attribute.set"), auditActions("organization:" + org + ":regions"));
        assertEquals("true", lastAudit("organization:" + org + ":regions", "trace->'facts'->>'created'").toString());
    }

    @Test
    void historyKeepsEverySetAndDeletePaged() {
        String org = organization();
        String path = attributes(org) + "/level";
        asAdmin().body(body(1)).put(path).then().statusCode(201);
        asAdmin().body(body(2)).put(path).then().statusCode(200);
        asAdmin().delete(path).then().statusCode(200);
        asAdmin().body(body("three")).put(path).then().statusCode(201);
        asAdmin().get(path + "/history").then().statusCode(200).body("data.operation", contains("set", "set", "delete", "set"))
                .body("data[0].old_value", nullValue()).body("data[0].new_value", equalTo(1))
                .body("data[1].old_value", equalTo(1)).body("data[1].new_value", equalTo(2))
                .body("data[2].old_value", equalTo(2)).body("data[2].new_value", nullValue())
                .body("data.actor_user_id", contains("user_alice", "user_alice", "user_alice", "user_alice"))
                .body("data[0].kind", equalTo("organizations")).body("data[0].subject", equalTo(org))
                .body("data[0].space_id", nullValue());
        String cursor = asAdmin().queryParam("limit", 3).get(path + "/history").then().statusCode(200).body("data", hasSize(3))
                .body("pagination.has_more", equalTo(true)).extract().path("pagination.next_cursor");
        asAdmin().queryParam("limit", 3).queryParam("cursor", cursor).get(path + "/history").then().statusCode(200)
                .body("data.operation", contains("set")).body("pagination.has_more", equalTo(false));
        assertEquals(4L, ((Number) TestDatabase.rows("SELECT count(*) AS n FROM attribute_history WHERE subject_id = ? "
                + "AND subject_kind = 'organization' AND space_id IS NULL", org).get(0).get("n")).longValue());
    }

    @Test
    void anExpiredAttributeIsAbsentFromReadsButKeptInHistory() {
        String org = organization();
        String path = attributes(org);
        Map<String, Object> soon = body("trial");
        soon.put("expires_at", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        asAdmin().body(soon).put(path + "/plan").then().statusCode(201).body("data.expires_at", equalTo(soon.get("expires_at")));
        asAdmin().get(path + "/plan").then().statusCode(200);
        TestDatabase.update("UPDATE attributes SET expires_at = now() - interval '1 second' WHERE subject_id = ? AND key = 'plan'", org);
        asAdmin().get(path + "/plan").then().statusCode(404).body("error.code", equalTo("ATTRIBUTE_NOT_FOUND"));
        asAdmin().get(path).then().statusCode(200).body("data.attributes", hasSize(0));
        asAdmin().get(path + "/plan/history").then().statusCode(200).body("data", hasSize(1));
        asAdmin().body(body("paid")).put(path + "/plan").then().statusCode(200).body("data.expires_at", nullValue());
    }

    @Test
    void badKeysAndValuesAre400AndChangeNothing() {
        String org = organization();
        String path = attributes(org);
        asAdmin().body(body("x")).put(path + "/bad:key").then().statusCode(400)
                .body("error.details.fields.key", equalTo(AttributeValue.KEY_RULE));
        asAdmin().get(path + "/bad:key").then().statusCode(400);
        asAdmin().delete(path + "/bad:key").then().statusCode(400);
        asAdmin().get(path + "/bad:key/history").then().statusCode(400);
        asAdmin().body(body("10", "number")).put(path + "/k").then().statusCode(400)
                .body("error.details.fields.value", equalTo("must be a number for type number"));
        asAdmin().body(body(Map.of("a", 1))).put(path + "/k").then().statusCode(400);
        asAdmin().body(Map.of("type", "string")).put(path + "/k").then().statusCode(400)
                .body("error.details.fields.value", equalTo("is required"));
        Map<String, Object> past = body("x");
        past.put("expires_at", "2020-01-01T00:00:00Z");
        asAdmin().body(past).put(path + "/k").then().statusCode(400)
                .body("error.details.fields.expires_at", equalTo("must be in the future"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM attributes WHERE subject_id = ?", org).isEmpty());
        assertTrue(TestDatabase.rows("SELECT 1 FROM attribute_history WHERE subject_id = ?", org).isEmpty());
    }

    @Test
    void anUnknownOrganizationIs404() {
        String missing = attributes("org_missing");
        asAdmin().get(missing).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().get(missing + "/k").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().body(body("x")).put(missing + "/k").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().delete(missing + "/k").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().get(missing + "/k/history").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        assertTrue(TestDatabase.rows("SELECT 1 FROM attributes WHERE subject_id = 'org_missing'").isEmpty());
        // a space's id is no organization
        asAdmin().get(attributes("space_acme")).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
    }

    /** The permissions are declared; a space admin passes the gate but reaches no organization (404, as for the organization). */
    @Test
    void organizationsPermissionsAreDeclaredAndReachIsTheOrganizations() {
        String org = organization();
        String path = attributes(org);
        asAdmin().body(body("gold")).put(path + "/tier").then().statusCode(201);
        as(Api.BOB).get(path).then().statusCode(403).body("error.details.permission", equalTo("organizations:read"));
        as(Api.BOB).get(path + "/tier/history").then().statusCode(403);
        as(Api.BOB).body(body("x")).put(path + "/tier").then().statusCode(403)
                .body("error.details.permission", equalTo("organizations:manage"));
        as(Api.BOB).delete(path + "/tier").then().statusCode(403);

        String spaceAdmin = AccessFixtures.spaceAdmin(AccessFixtures.space());
        as(spaceAdmin).get(path).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        as(spaceAdmin).get(path + "/tier").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        as(spaceAdmin).body(body("x")).put(path + "/tier").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        as(spaceAdmin).delete(path + "/tier").then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
        asAdmin().get(path + "/tier").then().statusCode(200).body("data.value", equalTo("gold"));
        assertEquals(List.of("attribute.set"), auditActions("organization:" + org + ":tier"));
    }

    @Test
    void anOrganizationHoldsAtMostTheLimitOfLiveKeys() {
        String org = organization();
        TestDatabase.update("INSERT INTO attributes (id, space_id, subject_kind, subject_id, key, value, value_type) "
                + "SELECT ? || n, NULL, 'organization', ?, 'k' || n, '1', 'number' FROM generate_series(1, ?) AS n",
                "attr_" + org + "_", org, AttributeService.MAX_PER_SUBJECT);
        asAdmin().body(body("gold")).put(attributes(org) + "/tier").then().statusCode(409)
                .body("error.code", equalTo("ATTRIBUTE_CONFLICT"));
        asAdmin().body(body(2)).put(attributes(org) + "/k1").then().statusCode(200);
        assertTrue(TestDatabase.rows("SELECT 1 FROM attributes WHERE subject_id = ? AND key = 'tier'", org).isEmpty());
        TestDatabase.update("DELETE FROM attributes WHERE subject_id = ?", org);
    }

    /** An organization holding attributes is in use: its delete is 409 until they are removed (no orphan rows). */
    @Test
    void anOrganizationWithAttributesIsNotDeleted() {
        String org = organization();
        asAdmin().body(body("gold")).put(attributes(org) + "/tier").then().statusCode(201);
        TestDatabase.update("UPDATE attributes SET expires_at = now() - interval '1 second' WHERE subject_id = ?", org);
        asAdmin().delete("/api/v1/organizations/" + org).then().statusCode(409)
                .body("error.details.in_use", equalTo(List.of("attributes")));
        asAdmin().delete(attributes(org) + "/tier").then().statusCode(200);
        asAdmin().delete("/api/v1/organizations/" + org).then().statusCode(200);
        asAdmin().get(attributes(org)).then().statusCode(404).body("error.code", equalTo("ORGANIZATION_NOT_FOUND"));
    }

    /** The space routes keep to their kinds: an organization is not one of a space's subjects. */
    @Test
    void theSpaceRoutesDoNotReachOrganizations() {
        String org = organization();
        asAdmin().body(body("gold")).put(attributes(org) + "/tier").then().statusCode(201);
        asAdmin().get("/api/v1/spaces/space_acme/attributes/organizations/" + org).then().statusCode(404);
        asAdmin().queryParam("key", "tier").get("/api/v1/spaces/space_acme/attributes/search").then().statusCode(200)
                .body("data.subject", not(hasItem(org)));
    }
}
