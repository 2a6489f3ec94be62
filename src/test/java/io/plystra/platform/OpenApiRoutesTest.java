package io.plystra.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every route of the API is served and documented in the OpenAPI document, and nothing else is. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class OpenApiRoutesTest {

    /** The HTTP API (docs/api.md; path parameters written as {}). */
    static final Set<String> CONTRACT = Set.of(
            "GET /api/v1/health", "GET /api/v1/ready", "GET /api/v1/version",
            "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/logout",
            "GET /api/v1/actor/context", "POST /api/v1/actor/switch-member",
            "GET /api/v1/admin/me", "GET /api/v1/admin/grants", "POST /api/v1/admin/grants",
            "GET /api/v1/admin/grants/{}", "POST /api/v1/admin/grants/{}/revoke",
            "GET /api/v1/api-keys", "POST /api/v1/api-keys", "GET /api/v1/api-keys/{}", "POST /api/v1/api-keys/{}/revoke",
            "POST /api/v1/authz/check", "POST /api/v1/authz/explain", "POST /api/v1/authz/batch-check",
            "POST /api/v1/authz/check-columns", "POST /api/v1/authz/allowed-columns",
            "POST /api/v1/authz/lookup-resources", "POST /api/v1/authz/lookup-members",
            "GET /api/v1/authz/forward", "POST /api/v1/authz/forward", "PUT /api/v1/authz/forward",
            "PATCH /api/v1/authz/forward", "DELETE /api/v1/authz/forward",
            "GET /api/v1/spaces/{}/gateway/routes", "PUT /api/v1/spaces/{}/gateway/routes",
            "GET /api/v1/spaces/{}/contracts", "GET /api/v1/spaces/{}/contracts/{}", "POST /api/v1/spaces/{}/contracts/validate",
            "POST /api/v1/spaces/{}/contracts/diff", "POST /api/v1/spaces/{}/contracts/apply", "POST /api/v1/spaces/{}/contracts/rollback",
            "GET /api/v1/audit/export", "GET /api/v1/audit/logs", "GET /api/v1/audit/logs/{}", "GET /api/v1/audit/proofs/{}",
            "GET /api/v1/spaces/{}/audit/logs", "GET /api/v1/changes",
            "GET /api/v1/users", "POST /api/v1/users", "GET /api/v1/users/{}", "PATCH /api/v1/users/{}",
            "POST /api/v1/users/{}/disable", "POST /api/v1/users/{}/restore", "POST /api/v1/users/{}/sessions/revoke",
            "GET /api/v1/spaces", "POST /api/v1/spaces", "GET /api/v1/spaces/{}", "PATCH /api/v1/spaces/{}",
            "POST /api/v1/spaces/{}/disable", "POST /api/v1/spaces/{}/restore",
            "GET /api/v1/organizations", "POST /api/v1/organizations", "GET /api/v1/organizations/{}",
            "PATCH /api/v1/organizations/{}", "DELETE /api/v1/organizations/{}", "POST /api/v1/organizations/{}/disable",
            "POST /api/v1/organizations/{}/restore",
            "GET /api/v1/organizations/{}/attributes", "GET /api/v1/organizations/{}/attributes/{}",
            "PUT /api/v1/organizations/{}/attributes/{}", "DELETE /api/v1/organizations/{}/attributes/{}",
            "GET /api/v1/organizations/{}/attributes/{}/history",
            "GET /api/v1/spaces/{}/groups", "POST /api/v1/spaces/{}/groups", "GET /api/v1/spaces/{}/groups/tree",
            "GET /api/v1/spaces/{}/groups/{}", "PATCH /api/v1/spaces/{}/groups/{}",
            "POST /api/v1/spaces/{}/groups/{}/disable", "POST /api/v1/spaces/{}/groups/{}/restore",
            "GET /api/v1/spaces/{}/members", "POST /api/v1/spaces/{}/members", "GET /api/v1/spaces/{}/members/{}",
            "PATCH /api/v1/spaces/{}/members/{}", "POST /api/v1/spaces/{}/members/{}/disable",
            "POST /api/v1/spaces/{}/members/{}/restore",
            "GET /api/v1/spaces/{}/user-members", "POST /api/v1/spaces/{}/user-members",
            "GET /api/v1/spaces/{}/user-members/{}", "PATCH /api/v1/spaces/{}/user-members/{}",
            "POST /api/v1/spaces/{}/user-members/{}/revoke", "POST /api/v1/spaces/{}/user-members/{}/restore",
            "GET /api/v1/spaces/{}/roles", "POST /api/v1/spaces/{}/roles", "GET /api/v1/spaces/{}/roles/{}",
            "PATCH /api/v1/spaces/{}/roles/{}", "POST /api/v1/spaces/{}/roles/{}/disable",
            "POST /api/v1/spaces/{}/roles/{}/restore",
            "GET /api/v1/roles", "POST /api/v1/roles", "GET /api/v1/roles/{}", "PATCH /api/v1/roles/{}",
            "POST /api/v1/roles/{}/disable", "POST /api/v1/roles/{}/restore", "GET /api/v1/roles/{}/versions",
            "GET /api/v1/roles/{}/versions/{}", "POST /api/v1/roles/{}/rollback",
            "GET /api/v1/permissions", "POST /api/v1/permissions", "GET /api/v1/permissions/{}",
            "PATCH /api/v1/permissions/{}", "POST /api/v1/permissions/{}/disable", "POST /api/v1/permissions/{}/restore",
            "GET /api/v1/spaces/{}/member-roles", "POST /api/v1/spaces/{}/member-roles",
            "GET /api/v1/spaces/{}/member-roles/{}", "PATCH /api/v1/spaces/{}/member-roles/{}", "POST /api/v1/spaces/{}/member-roles/{}/revoke",
            "GET /api/v1/spaces/{}/bindings", "POST /api/v1/spaces/{}/bindings", "GET /api/v1/spaces/{}/bindings/{}",
            "PATCH /api/v1/spaces/{}/bindings/{}", "POST /api/v1/spaces/{}/bindings/{}/revoke",
            "GET /api/v1/spaces/{}/bindings/{}/history", "POST /api/v1/spaces/{}/bindings/{}/rollback",
            "GET /api/v1/spaces/{}/teams", "POST /api/v1/spaces/{}/teams", "GET /api/v1/spaces/{}/teams/{}",
            "PATCH /api/v1/spaces/{}/teams/{}", "POST /api/v1/spaces/{}/teams/{}/disable", "POST /api/v1/spaces/{}/teams/{}/restore",
            "GET /api/v1/spaces/{}/teams/{}/members", "POST /api/v1/spaces/{}/teams/{}/members",
            "PATCH /api/v1/spaces/{}/teams/{}/members/{}", "DELETE /api/v1/spaces/{}/teams/{}/members/{}",
            "GET /api/v1/spaces/{}/teams/{}/parents", "POST /api/v1/spaces/{}/teams/{}/parents",
            "PATCH /api/v1/spaces/{}/teams/{}/parents/{}", "DELETE /api/v1/spaces/{}/teams/{}/parents/{}",
            "GET /api/v1/role-permissions", "POST /api/v1/role-permissions", "GET /api/v1/role-permissions/{}",
            "POST /api/v1/role-permissions/{}/revoke",
            "GET /api/v1/spaces/{}/resources", "POST /api/v1/spaces/{}/resources", "GET /api/v1/spaces/{}/resources/{}",
            "PATCH /api/v1/spaces/{}/resources/{}", "POST /api/v1/spaces/{}/resources/{}/archive",
            "POST /api/v1/spaces/{}/resources/{}/restore", "GET /api/v1/resources/{}/{}",
            "GET /api/v1/resource-types", "POST /api/v1/resource-types", "GET /api/v1/resource-types/{}",
            "GET /api/v1/resource-types/{}/actions", "POST /api/v1/resource-types/{}/actions",
            "GET /api/v1/resource-types/{}/mapping", "PUT /api/v1/resource-types/{}/mapping", "GET /api/v1/standard-actions",
            "GET /api/v1/spaces/{}/services", "POST /api/v1/spaces/{}/services", "GET /api/v1/services/{}",
            "PATCH /api/v1/services/{}", "POST /api/v1/services/{}/disable", "POST /api/v1/services/{}/restore",
            "GET /api/v1/services/{}/keys", "POST /api/v1/services/{}/keys", "GET /api/v1/services/{}/keys/{}",
            "POST /api/v1/services/{}/keys/{}/revoke",
            "GET /api/v1/resource-types/{}/columns", "PUT /api/v1/resource-types/{}/columns",
            "GET /api/v1/resource-types/{}/column-groups", "POST /api/v1/resource-types/{}/column-groups",
            "GET /api/v1/resource-types/{}/column-groups/{}", "PATCH /api/v1/resource-types/{}/column-groups/{}",
            "DELETE /api/v1/resource-types/{}/column-groups/{}",
            "GET /api/v1/spaces/{}/attributes/{}/{}", "GET /api/v1/spaces/{}/attributes/{}/{}/{}",
            "PUT /api/v1/spaces/{}/attributes/{}/{}/{}", "DELETE /api/v1/spaces/{}/attributes/{}/{}/{}",
            "GET /api/v1/spaces/{}/attributes/{}/{}/{}/history", "POST /api/v1/spaces/{}/attributes/bulk-set",
            "GET /api/v1/spaces/{}/attributes/search",
            // Replay (docs/time-travel.md).
            "GET /api/v1/spaces/{}/authz/state", "POST /api/v1/audit/logs/{}/replay");

    @Test
    void documentedRoutesAreExactlyTheContract() throws Exception {
        String document = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        JsonNode paths = new ObjectMapper().readTree(document).get("paths");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String normalised = path.getKey().replaceAll("\\{[^}]+}", "{}");
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    documented.add(method.toUpperCase() + " " + normalised);
                }
            });
        }
        Set<String> missing = new TreeSet<>(CONTRACT);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(CONTRACT);
        assertEquals(Set.of(), missing, "routes of the contract that are not documented");
        assertEquals(Set.of(), extra, "documented routes that are not in the contract");
    }
}
