package io.plystra.upgrade;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * An upgrade keeps every decision: a Plystra Core v1.0 database holding the Finance Reviewer demo ({@link UpgradeDatabase})
 * is migrated by the server at start to the current schema, and the demo's cases answer as v1.0 answered them, each
 * with its audit row; the v1.0 member-role is now a binding with its first version.
 */
@QuarkusTest
@TestProfile(UpgradeTest.Profile.class)
class UpgradeTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("plystra.bootstrap-admin.email", Api.ALICE, "plystra.bootstrap-admin.password", Api.PASSWORD);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UpgradeDatabase.class));
        }
    }

    String token;

    @BeforeEach
    void login() {
        // Not Api.login: its tokens belong to the other test database.
        token = given().contentType(ContentType.JSON).body(Map.of("email", Api.ALICE, "password", Api.PASSWORD))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("data.access_token");
    }

    RequestSpecification admin() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void theFinanceReviewerCasesAnswerAsInV10() throws SQLException {
        Object[][] cases = {
                {"um_alice_finance_reviewer", "invoice", "invoice_001", "approve", "allow", null},
                {"um_alice_finance_reviewer", "invoice", "invoice_002", "approve", "deny", "SCOPE_OUT_OF_BOUNDS"},
                {"um_bob_finance_reviewer", "invoice", "invoice_001", "approve", "allow", null},
                {"um_alice_finance_reviewer_revoked", "invoice", "invoice_001", "approve", "deny", "USER_MEMBER_REVOKED"},
                {"um_alice_finance_reviewer_expired", "invoice", "invoice_001", "approve", "deny", "USER_MEMBER_EXPIRED"},
                {"um_alice_finance_reviewer", "invoice", "invoice_001", "reject", "deny", "NO_MATCHING_PERMISSION"},
                {"um_alice_finance_reviewer", "contract", "invoice_001", "approve", "deny", "INVALID_RESOURCE_TYPE"},
                {"um_alice_finance_reviewer", "invoice", "invoice_001", "void", "deny", "INVALID_RESOURCE_ACTION"}};
        for (Object[] c : cases) {
            String user = ((String) c[0]).contains("bob") ? "user_bob" : "user_alice";
            var answer = admin().body(Api.check(Api.actor(user, (String) c[0]), (String) c[1], (String) c[2], (String) c[3]))
                    .post("/api/v1/authz/check").then().statusCode(200)
                    .body("data.decision", equalTo(c[4])).body("data.deny_code", equalTo(c[5]))
                    .extract().jsonPath();
            assertEquals(List.of(user, c[4]), row("SELECT actor_user_id, decision FROM audit_logs WHERE id = ?",
                    answer.getString("data.audit_log_id")), "one audit row for " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void theV10MemberRoleIsABindingWithItsFirstVersion() {
        admin().get("/api/v1/spaces/space_acme/member-roles/mr_finance_reviewer_approver_finance").then().statusCode(200)
                .body("data.role_id", equalTo("role_finance_approver")).body("data.status", equalTo("active"));
        admin().get("/api/v1/spaces/space_acme/bindings/mr_finance_reviewer_approver_finance").then().statusCode(200)
                .body("data.subject.kind", equalTo("member")).body("data.subject.id", equalTo("member_finance_reviewer"))
                .body("data.conditions", equalTo(null)).body("data.version", equalTo(1));
        admin().get("/api/v1/spaces/space_acme/bindings/mr_finance_reviewer_approver_finance/history").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].verb", equalTo("created"));
        admin().get("/api/v1/roles/role_finance_approver/versions").then().statusCode(200)
                .body("data[0].version", equalTo(1));
        given().get("/api/v1/ready").then().statusCode(200);
    }

    private static List<Object> row(String sql, String id) throws SQLException {
        DatabaseUrl db = DatabaseUrl.parse(UpgradeDatabase.url());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                return List.of(rs.getObject(1), rs.getObject(2));
            }
        }
    }
}
