package io.plystra.registry;

import static io.plystra.access.AccessFixtures.unique;
import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A type registered at run time takes part in decisions at once: register it, give a new member a
 * role with a permission on it, and the check allows; revoke or archive and it denies.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class RegistryFlowTest {

    @Test
    void newlyRegisteredTypeIsAllowedThroughAnchoredRoleAndDeniedAfterRevokeAndArchive() {
        String type = "contract_" + System.nanoTime();
        asAdmin().body(Map.of("key", type, "display_name", "Contract")).post("/api/v1/resource-types").then().statusCode(201);
        asAdmin().body(Map.of("key", "sign", "display_name", "Sign", "risk_level", "high"))
                .post("/api/v1/resource-types/" + type + "/actions").then().statusCode(201);
        String resource = asAdmin().body(Map.of("resource_type", type, "group_id", "group_finance_apac", "display_name", "MSA"))
                .post("/api/v1/spaces/space_acme/resources").then().statusCode(201).extract().path("data.id");
        String permission = asAdmin().body(Map.of("resource", type, "action", "sign", "scope", "group_tree"))
                .post("/api/v1/permissions").then().statusCode(201).extract().path("data.id");
        String role = asAdmin().body(Map.of("key", unique("signer"), "name", "Signer"))
                .post("/api/v1/spaces/space_acme/roles").then().statusCode(201).extract().path("data.id");
        asAdmin().body(Map.of("role_id", role, "permission_id", permission))
                .post("/api/v1/role-permissions").then().statusCode(201);

        String user = unique("user_signer");
        String member = unique("member_signer");
        String binding = unique("um_signer");
        TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?)", user, user + "@example.com");
        TestDatabase.update("INSERT INTO members (id, space_id, display_name) VALUES (?, 'space_acme', 'Signer')", member);
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES (?, 'space_acme', ?, ?, 'login')",
                binding, user, member);
        String memberRole = asAdmin().body(Map.of("member_id", member, "role_id", role, "scope_anchor_group_id", "group_finance"))
                .post("/api/v1/spaces/space_acme/member-roles").then().statusCode(201).extract().path("data.id");

        Map<String, Object> check = Map.of(
                "actor", Map.of("user_id", user, "member_id", member, "user_member_id", binding, "space_id", "space_acme"),
                "resource_type", type, "resource_id", resource, "action", "sign");
        asAdmin().body(check).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", equalTo("allow")).body("data.deny_code", nullValue());
        asAdmin().body(check).post("/api/v1/authz/explain").then().statusCode(200)
                .body("data.decision", equalTo("allow"))
                .body("data.resource_registry.resource_type.key", equalTo(type))
                .body("data.resource_registry.action.risk_level", equalTo("high"))
                .body("data.target.resource.group_path", equalTo("finance.apac"))
                .body("data.matched_candidates[0].role.id", equalTo(role))
                .body("data.matched_candidates[0].scope_anchor.path", equalTo("finance"));

        asAdmin().post("/api/v1/spaces/space_acme/member-roles/" + memberRole + "/revoke").then().statusCode(200);
        asAdmin().body(check).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("NO_MATCHING_PERMISSION"));

        asAdmin().body(Map.of("member_id", member, "role_id", role, "scope_anchor_group_id", "group_finance"))
                .post("/api/v1/spaces/space_acme/member-roles").then().statusCode(201);
        asAdmin().body(check).post("/api/v1/authz/check").then().body("data.decision", equalTo("allow"));
        asAdmin().post("/api/v1/spaces/space_acme/resources/" + resource + "/archive").then().statusCode(200);
        asAdmin().body(check).post("/api/v1/authz/check").then().statusCode(200)
                .body("data.decision", equalTo("deny")).body("data.deny_code", equalTo("RESOURCE_ARCHIVED"));
    }
}
