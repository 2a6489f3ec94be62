package io.plystra.contract;

import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A space's contract over the API: problems named by field and line (YAML and JSON), the finance-reviewer
 * template against the seeded demo, apply with its audit rows and version, the idempotent second apply, the
 * refused removal of a bound role, rollback, the routes' permissions and another space's admin.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ContractApiTest {

    static RequestSpecification yaml(RequestSpecification spec, String document) {
        return spec.contentType("application/yaml").body(document.getBytes(StandardCharsets.UTF_8));
    }

    static String contracts(String space) {
        return "/api/v1/spaces/" + space + "/contracts";
    }

    static String template(String name) throws IOException {
        try (InputStream in = ContractApiTest.class.getResourceAsStream("/contracts/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A type with three columns and a group, two roles, and one gateway route. */
    static String first(String type) {
        return """
                resource_types:
                  - key: %1$s
                    display_name: Ledger
                    actions:
                      - {key: read, display_name: Read, risk_level: low}
                      - {key: approve, display_name: Approve, risk_level: normal}
                    columns:
                      - {name: a}
                      - {name: b}
                      - {name: c, description: the third}
                    column_groups:
                      - {key: basic, columns: [b, a]}
                roles:
                  - key: viewer
                    name: Viewer
                    permissions: [%1$s:read:space]
                  - key: approver
                    name: Approver
                    permissions: [%1$s:read:space, %1$s:approve:space]
                gateway:
                  routes:
                    - {name: ledger-read, methods: [GET], path: "/ledgers/{id}", resource_type: %1$s, resource_id: "{id}", action: read}
                """.formatted(type);
    }

    /** The first document with approve critical, column c and role viewer gone, the group narrowed, approver without read. */
    static String second(String type) {
        return """
                resource_types:
                  - key: %1$s
                    display_name: Ledger
                    actions:
                      - {key: read, display_name: Read, risk_level: low}
                      - {key: approve, display_name: Approve, risk_level: critical}
                    columns:
                      - {name: a}
                      - {name: b}
                    column_groups:
                      - {key: basic, columns: [a]}
                roles:
                  - key: approver
                    name: Approver
                    permissions: [%1$s:approve:space]
                gateway:
                  routes:
                    - {name: ledger-read, methods: [GET], path: "/ledgers/{id}", resource_type: %1$s, resource_id: "{id}", action: read}
                """.formatted(type);
    }

    @Test
    void yamlProblemsNameTheFieldAndTheLine() {
        String document = """
                resource_types:
                  - key: ok_type
                    display_name: Fine
                    actions:
                      - {key: read, display_name: Read, risk_level: extreme}
                roles:
                  - key: Bad Key
                    name: R
                    permissions:
                      - ok_type:read:space
                      - nope
                """;
        yaml(asAdmin(), document).post(contracts("space_acme") + "/validate").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.details.problems", hasItem(Map.of("field", "resource_types[0].actions[0].risk_level", "line", 5,
                        "problem", "must be one of [critical, high, low, normal]")))
                .body("error.details.problems.find { it.field == 'roles[0].key' }.line", equalTo(7))
                .body("error.details.problems.find { it.field == 'roles[0].permissions[1]' }.line", equalTo(11))
                .body("error.details.fields.'roles[0].permissions[1]'", notNullValue());

        yaml(asAdmin(), "roles:\n  - key: r\n    name: R\n    colour: blue\n").post(contracts("space_acme") + "/diff").then()
                .statusCode(400).body("error.details.problems[0].field", equalTo("roles[0].colour"))
                .body("error.details.problems[0].line", equalTo(4))
                .body("error.details.problems[0].problem", equalTo("unknown field (this object takes [description, key, name, permissions])"));
        yaml(asAdmin(), "roles:\n  - key: r\n    name: [R]\n").post(contracts("space_acme") + "/validate").then()
                .statusCode(400).body("error.details.problems[0].field", equalTo("roles[0].name"))
                .body("error.details.problems[0].problem", equalTo("must be a string"));
        yaml(asAdmin(), "roles: [\n").post(contracts("space_acme") + "/validate").then().statusCode(400)
                .body("error.details.problems[0].problem", org.hamcrest.Matchers.startsWith("is not valid YAML"));
        // A permission of a type that is neither registered nor declared: a problem only the database shows.
        yaml(asAdmin(), "roles:\n  - key: r\n    name: R\n    permissions: [no_such_type:read:space]\n")
                .post(contracts("space_acme") + "/validate").then().statusCode(400)
                .body("error.details.problems[0].field", equalTo("roles[0].permissions[0]"))
                .body("error.details.problems[0].line", equalTo(4));
    }

    /** Documents no parser should choke on are 400, never 500. */
    @Test
    void hostileDocumentsAre400() {
        for (String document : List.of("roles: " + "[".repeat(5000) + "]".repeat(5000) + "\n", "\u0000\u0001", "", "---\n...\n",
                "roles: &a [*a]\n", "roles:\n  - key: r\n    name: !!java.lang.Object {}\n")) {
            yaml(asAdmin(), document).post(contracts("space_acme") + "/validate").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"));
        }
        asAdmin().body("[" .repeat(3000)).post(contracts("space_acme") + "/diff").then().statusCode(400);
    }

    @Test
    void jsonProblemsNameTheFieldAndTheLine() {
        String document = """
                {
                  "resource_types": [
                    {"key": "j_type", "display_name": "J",
                     "columns": [{"name": "x"}],
                     "column_groups": [{"key": "g", "columns": ["x", "y"]}]}
                  ],
                  "gateway": {"routes": [{"name": "r", "methods": ["GET"], "path": "no-slash", "resource_type": "j_type", "action": "read"}]}
                }
                """;
        asAdmin().body(document).post(contracts("space_acme") + "/validate").then().statusCode(400)
                .body("error.details.problems.find { it.field == 'resource_types[0].column_groups[0].columns[1]' }.line", equalTo(5))
                .body("error.details.problems.find { it.field.startsWith('gateway.routes[0]') }.line", equalTo(7));
        asAdmin().body("{\"roles\": [{\"key\": \"r\", \"name\": \"R\", \"name\": \"S\"}]}").post(contracts("space_acme") + "/validate")
                .then().statusCode(400).body("error.details.problems[0].problem", org.hamcrest.Matchers.containsString("Duplicate"));
    }

    @Test
    void theFinanceReviewerTemplateMatchesTheSeededDemo() throws IOException {
        String document = template("finance-reviewer");
        yaml(asAdmin(), document).post(contracts("space_acme") + "/validate").then().statusCode(200)
                .body("data.valid", equalTo(true)).body("data.resource_types", equalTo(2)).body("data.roles", equalTo(1))
                .body("data.changes", equalTo(0));
        yaml(asAdmin(), document).post(contracts("space_acme") + "/diff").then().statusCode(200)
                .body("data.changes", equalTo(List.of())).body("data.conflicts", equalTo(List.of()));
        Response applied = yaml(asAdmin(), document).post(contracts("space_acme") + "/apply");
        applied.then().statusCode(200).body("data.changed", equalTo(false)).body("data.changes", equalTo(List.of()));
        int version = applied.path("data.version");
        yaml(asAdmin(), document).post(contracts("space_acme") + "/apply").then().statusCode(200)
                .body("data.changed", equalTo(false)).body("data.new_version", equalTo(false)).body("data.version", equalTo(version));
        assertEquals(List.of(Map.of("n", 1L)), TestDatabase.rows(
                "SELECT count(*) AS n FROM contract_versions WHERE space_id = 'space_acme' AND digest = ?", digest(document)),
                "one version holds this document, however often it is applied");

        // The same document changed in one place: the diff names the field, before and after.
        yaml(asAdmin(), document.replace("display_name: Invoice", "display_name: Bill")).post(contracts("space_acme") + "/diff")
                .then().statusCode(200).body("data.changes", equalTo(List.of(Map.of("kind", "resource_type", "key", "invoice",
                        "verb", "update", "detail", Map.of("display_name", Map.of("before", "Invoice", "after", "Bill"))))));
    }

    private static String digest(String document) {
        return yaml(asAdmin(), document).post(contracts("space_acme") + "/diff").then().statusCode(200).extract().path("data.digest");
    }

    @Test
    void applyCreatesAndChangesRowsWithAuditRowsAndAVersion() {
        String space = AccessFixtures.space();
        String type = AccessFixtures.unique("ledger");
        Response applied = yaml(asAdmin(), first(type)).post(contracts(space) + "/apply");
        applied.then().statusCode(200).body("data.changed", equalTo(true)).body("data.version", equalTo(1))
                .body("data.new_version", equalTo(true))
                .body("data.changes.findAll { it.verb == 'create' }.kind", equalTo(List.of("resource_type", "resource_action",
                        "resource_action", "column_catalogue", "column_group", "permission", "permission", "role", "role", "gateway_route")));
        String viewer = (String) TestDatabase.rows("SELECT id FROM roles WHERE space_id = ? AND key = 'viewer'", space).get(0).get("id");
        String approver = (String) TestDatabase.rows("SELECT id FROM roles WHERE space_id = ? AND key = 'approver'", space).get(0).get("id");
        assertEquals(List.of(Map.of("n", 2L)), TestDatabase.rows("SELECT count(*) AS n FROM role_permissions WHERE role_id = ? AND status = 'active'",
                approver));
        assertEquals(List.of(Map.of("columns", "{a,b}")), TestDatabase.rows(
                "SELECT CAST(g.columns AS text) AS columns FROM column_groups g JOIN resource_types t ON t.id = g.resource_type_id "
                        + "WHERE t.key = ? AND g.key = 'basic'", type), "the group's columns in catalogue order");
        assertEquals(List.of("role.created"), auditActions(viewer));
        assertEquals(List.of("contract.applied"), auditActions(space + "@1"));
        assertEquals(1, TestDatabase.rows("SELECT 1 FROM audit_logs a JOIN audit_logs b ON a.request_id = b.request_id "
                + "WHERE a.resource_id = ? AND b.resource_id = ? AND b.action = 'role.created'", space + "@1", approver).size(),
                "the rows and the contract version are written by one request");
        asAdmin().get("/api/v1/spaces/" + space + "/gateway/routes").then().statusCode(200).body("data.routes.name", equalTo(List.of("ledger-read")));

        yaml(asAdmin(), second(type)).post(contracts(space) + "/diff").then().statusCode(200)
                .body("data.changes.find { it.kind == 'resource_action' }.detail.risk_level", equalTo(Map.of("before", "normal", "after", "critical")))
                .body("data.changes.find { it.kind == 'column_catalogue' }.detail.removed", equalTo(List.of("c")))
                .body("data.changes.find { it.kind == 'role' && it.key == 'approver' }.detail.permissions_removed",
                        equalTo(List.of(type + ":read:space")))
                .body("data.changes.find { it.kind == 'role' && it.key == 'viewer' }.verb", equalTo("remove"));
        yaml(asAdmin(), second(type)).post(contracts(space) + "/apply").then().statusCode(200)
                .body("data.version", equalTo(2)).body("data.changed", equalTo(true));
        assertEquals(List.of(Map.of("status", "disabled")), TestDatabase.rows("SELECT status FROM roles WHERE id = ?", viewer));
        assertEquals(List.of(Map.of("risk_level", "critical")), TestDatabase.rows("SELECT a.risk_level FROM resource_actions a "
                + "JOIN resource_types t ON t.id = a.resource_type_id WHERE t.key = ? AND a.key = 'approve'", type));
        assertEquals(List.of(Map.of("n", 2L)), TestDatabase.rows("SELECT count(*) AS n FROM resource_type_columns c "
                + "JOIN resource_types t ON t.id = c.resource_type_id WHERE t.key = ?", type));
        assertEquals(List.of("role.created", "role.disabled"), auditActions(viewer));
        String revoked = (String) TestDatabase.rows("SELECT id FROM role_permissions WHERE role_id = ? AND status = 'revoked'", approver)
                .get(0).get("id");
        assertEquals(List.of("role_permission.created", "role_permission.revoked"), auditActions(revoked));
        assertEquals(List.of(Map.of("version", 4)), TestDatabase.rows("SELECT version FROM roles WHERE id = ?", approver),
                "created, two permissions added, one revoked: version 4 of the role");

        // The same document again: nothing changes and no version is made.
        yaml(asAdmin(), second(type)).post(contracts(space) + "/apply").then().statusCode(200)
                .body("data.changed", equalTo(false)).body("data.new_version", equalTo(false)).body("data.version", equalTo(2));
        asAdmin().get(contracts(space)).then().statusCode(200).body("data.version", equalTo(List.of(2, 1)))
                .body("data[0].reason", equalTo("applied")).body("data[0].document", equalTo(null));
        asAdmin().get(contracts(space) + "/1").then().statusCode(200).body("data.document", equalTo(first(type)))
                .body("data.format", equalTo("yaml")).body("data.created_by", equalTo("user_alice"));
    }

    @Test
    void aRoleABindingUsesIsNotRemoved() {
        String space = AccessFixtures.space();
        String type = AccessFixtures.unique("ledger");
        yaml(asAdmin(), first(type)).post(contracts(space) + "/apply").then().statusCode(200);
        String viewer = (String) TestDatabase.rows("SELECT id FROM roles WHERE space_id = ? AND key = 'viewer'", space).get(0).get("id");
        String binding = asAdmin().body(Map.of("member_id", AccessFixtures.member(space), "role_id", viewer))
                .post("/api/v1/spaces/" + space + "/member-roles").then().statusCode(201).extract().path("data.id");

        yaml(asAdmin(), second(type)).post(contracts(space) + "/diff").then().statusCode(200)
                .body("data.conflicts", equalTo(List.of(Map.of("kind", "role", "key", "viewer", "used_by", "bindings",
                        "ids", List.of(binding), "problem", "role viewer is still used by bindings [" + binding
                                + "]; the contract cannot remove it"))));
        yaml(asAdmin(), second(type)).post(contracts(space) + "/apply").then().statusCode(409)
                .body("error.code", equalTo("CONTRACT_CONFLICT"))
                .body("error.details.conflicts[0].ids", equalTo(List.of(binding)));
        assertEquals(List.of(Map.of("status", "active")), TestDatabase.rows("SELECT status FROM roles WHERE id = ?", viewer));
        assertEquals(List.of(Map.of("risk_level", "normal")), TestDatabase.rows("SELECT a.risk_level FROM resource_actions a "
                + "JOIN resource_types t ON t.id = a.resource_type_id WHERE t.key = ? AND a.key = 'approve'", type), "nothing was written");
        assertEquals(List.of(Map.of("n", 1L)), TestDatabase.rows("SELECT count(*) AS n FROM contract_versions WHERE space_id = ?", space));
    }

    @Test
    void aTypeWithResourcesAndAGroupABindingNamesAreNotRemoved() {
        String space = AccessFixtures.space();
        String type = AccessFixtures.unique("ledger");
        yaml(asAdmin(), first(type)).post(contracts(space) + "/apply").then().statusCode(200);
        String resource = AccessFixtures.unique("res");
        TestDatabase.update("INSERT INTO resources (id, space_id, resource_type) VALUES (?, ?, ?)", resource, space, type);
        String permission = (String) TestDatabase.rows("SELECT id FROM permissions WHERE resource = ? AND action = 'read' AND scope = 'space'",
                type).get(0).get("id");
        String binding = asAdmin().body(Map.of("subject", Map.of("kind", "member", "id", AccessFixtures.member(space)),
                        "permission_id", permission, "conditions", Map.of("column_groups", List.of("basic"))))
                .post("/api/v1/spaces/" + space + "/bindings").then().statusCode(201).extract().path("data.id");

        String withoutGroup = first(type).replace("    column_groups:\n      - {key: basic, columns: [b, a]}\n", "");
        yaml(asAdmin(), withoutGroup).post(contracts(space) + "/diff").then().statusCode(200)
                .body("data.changes.find { it.kind == 'column_group' }.verb", equalTo("remove"))
                .body("data.conflicts.kind", equalTo(List.of("column_group"))).body("data.conflicts[0].key", equalTo(type + ".basic"))
                .body("data.conflicts[0].ids", equalTo(List.of(binding)));
        yaml(asAdmin(), withoutGroup).post(contracts(space) + "/apply").then().statusCode(409).body("error.code", equalTo("CONTRACT_CONFLICT"));

        // Dropping the type itself: its resource and the binding on its permission are both named.
        yaml(asAdmin(), "roles: []\n").post(contracts(space) + "/apply").then().statusCode(409)
                .body("error.details.conflicts.used_by", equalTo(List.of("resources", "bindings")))
                .body("error.details.conflicts[0].ids", equalTo(List.of(space + "/" + resource)))
                .body("error.details.conflicts[1].ids", equalTo(List.of(binding)));
        assertEquals(List.of(Map.of("status", "active")), TestDatabase.rows("SELECT status FROM resource_types WHERE key = ?", type));
        assertEquals(List.of(Map.of("n", 1L)), TestDatabase.rows("SELECT count(*) AS n FROM column_groups g "
                + "JOIN resource_types t ON t.id = g.resource_type_id WHERE t.key = ?", type));
    }

    @Test
    void rollbackAppliesAnOlderDocumentAsTheNextVersion() {
        String space = AccessFixtures.space();
        String type = AccessFixtures.unique("ledger");
        yaml(asAdmin(), first(type)).post(contracts(space) + "/apply").then().statusCode(200);
        yaml(asAdmin(), second(type)).post(contracts(space) + "/apply").then().statusCode(200);
        asAdmin().body(Map.of("version", 1)).post(contracts(space) + "/rollback").then().statusCode(200)
                .body("data.version", equalTo(3)).body("data.changed", equalTo(true))
                .body("data.changes.find { it.kind == 'role' && it.key == 'viewer' }.verb", equalTo("update"));
        assertEquals(List.of(Map.of("status", "active")), TestDatabase.rows("SELECT status FROM roles WHERE space_id = ? AND key = 'viewer'", space));
        asAdmin().get(contracts(space) + "/3").then().statusCode(200).body("data.reason", equalTo("rolled_back"))
                .body("data.restored_version", equalTo(1)).body("data.document", equalTo(first(type)));
        assertEquals(List.of("contract.rolled_back"), auditActions(space + "@3"));

        asAdmin().body(Map.of("version", 9)).post(contracts(space) + "/rollback").then().statusCode(400)
                .body("error.details.fields.version", notNullValue());
        asAdmin().body(Map.of()).post(contracts(space) + "/rollback").then().statusCode(400).body("error.details.fields.version", notNullValue());
        asAdmin().body(Map.of("version", 0)).post(contracts(space) + "/rollback").then().statusCode(400);
    }

    @Test
    void unknownSpacesAndVersionsAre404() {
        yaml(asAdmin(), "roles: []\n").post(contracts("space_missing") + "/apply").then().statusCode(404)
                .body("error.code", equalTo("SPACE_NOT_FOUND"));
        asAdmin().get(contracts("space_missing")).then().statusCode(404).body("error.code", equalTo("SPACE_NOT_FOUND"));
        String space = AccessFixtures.space();
        asAdmin().get(contracts(space) + "/7").then().statusCode(404).body("error.code", equalTo("CONTRACT_VERSION_NOT_FOUND"));
        asAdmin().get(contracts(space) + "/latest").then().statusCode(404).body("error.code", equalTo("CONTRACT_VERSION_NOT_FOUND"));
        asAdmin().get(contracts(space)).then().statusCode(200).body("data", equalTo(List.of()));
    }

    /** contracts:read and contracts:manage in the space; the registry's rows also need registry:manage instance-wide. */
    @Test
    void permissionsAndAnotherSpacesAdmin() {
        String space = AccessFixtures.space();
        String outsider = Api.login(AccessFixtures.spaceAdmin(AccessFixtures.space()));
        given().auth().oauth2(outsider).get(contracts(space)).then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED")).body("error.details.permission", equalTo("contracts:read"));
        yaml(given().auth().oauth2(outsider), "roles: []\n").post(contracts(space) + "/apply").then().statusCode(403)
                .body("error.details.permission", equalTo("contracts:manage"));

        String own = Api.login(AccessFixtures.spaceAdmin(space));
        String type = AccessFixtures.unique("ledger");
        yaml(given().auth().oauth2(own), first(type)).post(contracts(space) + "/apply").then().statusCode(403)
                .body("error.details.permission", equalTo("registry:manage"));
        assertEquals(List.of(), TestDatabase.rows("SELECT 1 FROM resource_types WHERE key = ?", type), "nothing was written");
        // Roles over permissions that exist need only the space's grant.
        yaml(given().auth().oauth2(own), "roles:\n  - {key: reader, name: Reader, permissions: [invoice:read:self]}\n")
                .post(contracts(space) + "/apply").then().statusCode(200).body("data.version", equalTo(1));
        given().auth().oauth2(own).get(contracts(space)).then().statusCode(200).body("data.version", equalTo(List.of(1)));
    }
}
