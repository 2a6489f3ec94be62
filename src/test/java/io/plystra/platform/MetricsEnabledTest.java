package io.plystra.platform;

import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With METRICS_ENABLED the Prometheus text needs the METRICS_TOKEN and carries the decision series. */
@QuarkusTest
@TestProfile(MetricsEnabledTest.Enabled.class)
class MetricsEnabledTest {

    static final String TOKEN = "metrics-token-for-tests-0123456789";

    public static class Enabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            var overrides = new java.util.HashMap<>(new DemoProfile().getConfigOverrides());
            overrides.put("plystra.metrics.enabled", "true");
            overrides.put("plystra.metrics.token", TOKEN);
            overrides.put("quarkus.swagger-ui.enabled", "true");
            return overrides;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class));
        }
    }

    @Test
    void needsTheTokenAndExposesDecisionsAndLatency() {
        given().get("/metrics").then().statusCode(401).body("error.code", equalTo("AUTHENTICATION_REQUIRED"));
        given().auth().oauth2("wrong-token").get("/metrics").then().statusCode(401);
        asAdmin().body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_002", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200);
        given().auth().oauth2(TOKEN).get("/metrics").then().statusCode(200)
                .body(containsString("plystra_decisions_total{decision=\"deny\",deny_code=\"SCOPE_OUT_OF_BOUNDS\"}"))
                .body(containsString("plystra_check_duration_seconds_bucket"))
                .body(containsString("plystra_audit_queue_depth"))
                .body(containsString("plystra_invalidations_received_total"));
    }

    @Test
    void adminSessionWithMetricsReadMayScrapeOthersMayNot() {
        given().auth().oauth2(Api.login(Api.ALICE)).get("/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        given().auth().oauth2(Api.login(Api.BOB)).get("/metrics").then().statusCode(403)
                .body("error.code", equalTo("ADMIN_PERMISSION_REQUIRED"));
    }

    /**
     * Every exported family has a Prometheus-style name (lower snake case, a unit suffix where it
     * has one, no empty segments such as the {@code m__} of a client without a metrics name) and a
     * row in docs/operations.md's metrics table.
     */
    @Test
    void everyExportedMetricIsConventionallyNamedAndDocumented() throws java.io.IOException {
        asAdmin().body(Api.check(Api.actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_002", "approve"))
                .post("/api/v1/authz/check").then().statusCode(200);
        String scrape = given().auth().oauth2(TOKEN).get("/metrics").then().statusCode(200).extract().asString();
        java.util.SortedSet<String> families = new java.util.TreeSet<>();
        scrape.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> families.add(l.split(" ")[2]));
        org.junit.jupiter.api.Assertions.assertTrue(families.size() > 20, families.toString());
        List<String> badNames = families.stream().filter(f -> !f.matches("[a-z]+(_[a-z0-9]+)*")).toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), badNames, "metric names outside Prometheus conventions");
        org.junit.jupiter.api.Assertions.assertFalse(families.contains("postgresql_current"),
                "per-connection gauges would report one connection only");
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/operations.md"));
        List<String> undocumented = families.stream().filter(f -> !doc.contains("`" + f + "`")).toList();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), undocumented, "metrics missing from docs/operations.md");
    }

    /** The profile that turns the optional features on also serves Swagger UI (OPENAPI_UI_ENABLED=true). */
    @org.junit.jupiter.api.Test
    void swaggerUiIsServedWhenEnabled() {
        io.restassured.RestAssured.given().get("/q/swagger-ui/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("swagger"));
    }
}
