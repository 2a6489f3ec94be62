package io.plystra.gateway;

import static io.plystra.testsupport.AdminApi.auditActions;
import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.Api;
import static io.plystra.testsupport.GatewayRoutes.APPROVE;
import static io.plystra.testsupport.GatewayRoutes.HEALTH;
import static io.plystra.testsupport.GatewayRoutes.READ;
import static io.plystra.testsupport.GatewayRoutes.route;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/**
 * Gateway routes applied as a table, and forward-auth answering a gateway: allow with identity
 * headers, deny with the code, 401 without an end-user credential or a gateway key, unmapped and
 * path tricks never allowed, and every decision audited.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ForwardAuthTest {


    static String gatewayKey;

    @BeforeEach
    void acmeRoutesAndAGatewayKey() {
        asAdmin().body(Map.of("routes", List.of(APPROVE, READ, HEALTH))).put("/api/v1/spaces/space_acme/gateway/routes")
                .then().statusCode(200);
        if (gatewayKey == null) {
            gatewayKey = asAdmin().body(Map.of("name", "nginx", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                    .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        }
    }

    static RequestSpecification gateway(String method, String uri) {
        return given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Forwarded-Method", method)
                .header("X-Forwarded-Uri", uri).header("X-Forwarded-Host", "billing.example.com");
    }

    @Test
    void aRouteTableIsAppliedWholeWithItsDiffAndAnAuditRowPerChange() {
        String space = AccessFixtures.space();
        String path = "/api/v1/spaces/" + space + "/gateway/routes";
        asAdmin().queryParam("dry_run", "true").body(Map.of("routes", List.of(APPROVE, READ))).put(path).then().statusCode(200)
                .body("data.dry_run", equalTo(true)).body("data.created", equalTo(List.of("approve-invoice", "read-invoice")));
        asAdmin().get(path).then().statusCode(200).body("data.routes.size()", equalTo(0));
        asAdmin().body(Map.of("routes", List.of(APPROVE, READ))).put(path).then().statusCode(200)
                .body("data.created.size()", equalTo(2));
        Map<String, Object> changed = route("read-invoice", List.of("GET"), "/invoices/{invoice_id}", "invoice", "{invoice_id}", "read");
        asAdmin().body(Map.of("routes", List.of(changed, HEALTH))).put(path).then().statusCode(200)
                .body("data.created", equalTo(List.of("health"))).body("data.updated", equalTo(List.of("read-invoice")))
                .body("data.disabled", equalTo(List.of("approve-invoice"))).body("data.unchanged", equalTo(0));
        asAdmin().get(path).then().body("data.routes.name", equalTo(List.of("health", "read-invoice")))
                .body("data.routes.find { it.name == 'health' }.public", equalTo(true));
        String approveId = (String) TestDatabase.rows("SELECT id FROM gateway_routes WHERE space_id = ? AND name = ?", space,
                "approve-invoice").get(0).get("id");
        assertEquals(List.of("gateway_route.created", "gateway_route.disabled"), auditActions(approveId));
    }

    @Test
    void tiesAndBadRoutesAre400NamingTheField() {
        String path = "/api/v1/spaces/" + AccessFixtures.space() + "/gateway/routes";
        Map<String, Object> twin = route("approve-again", List.of("POST"), "/invoices/{id}/approve", "invoice", "{id}", "approve");
        asAdmin().body(Map.of("routes", List.of(APPROVE, twin))).put(path).then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED"))
                .body("error.message", containsString("approve-again"));
        asAdmin().body(Map.of("routes", List.of(route("x", List.of("BREW"), "/x", "invoice", "1", "read")))).put(path)
                .then().statusCode(400).body("error.message", containsString("methods"));
        asAdmin().body(Map.of()).put(path).then().statusCode(400).body("error.details.fields.routes", containsString("required"));
        asAdmin().queryParam("dry_run", "maybe").body(Map.of("routes", List.of())).put(path).then().statusCode(400)
                .body("error.details.fields.dry_run", equalTo("must be true or false"));
    }

    @Test
    void anAllowedRequestGets200WithTheIdentityForTheUpstreamAndAnAuditRow() {
        var answer = gateway("POST", "/invoices/invoice_001/approve?token=s3cret&from=inbox").auth().oauth2(Api.login(Api.ALICE))
                .get("/api/v1/authz/forward");
        answer.then().statusCode(200).body(emptyString()).header("X-Plystra-Decision", "allow")
                .header("X-Plystra-User-Id", "user_alice").header("X-Plystra-Member-Id", "member_finance_reviewer")
                .header("X-Plystra-Space-Id", "space_acme");
        String audit = answer.header("X-Plystra-Audit-Log-ID");
        var row = TestDatabase.rows("SELECT decision, resource_type, resource_id, action FROM audit_logs WHERE id = ?", audit).get(0);
        assertEquals(Map.of("decision", "allow", "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"), row);
        var origin = TestDatabase.rows("SELECT trace->'gateway'->>'method' AS method, trace->'gateway'->>'host' AS host, "
                + "trace->'gateway'->>'uri' AS uri FROM audit_logs WHERE id = ?", audit).get(0);
        assertEquals(Map.of("method", "POST", "host", "billing.example.com",
                "uri", "/invoices/invoice_001/approve?token=REDACTED&from=inbox"), origin, "the original request, its secrets redacted");
    }

    @Test
    void nginxHeadersWorkTheSame() {
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Original-Method", "POST")
                .header("X-Original-URI", "/invoices/invoice_001/approve?from=inbox").auth().oauth2(Api.login(Api.ALICE))
                .get("/api/v1/authz/forward").then().statusCode(200).header("X-Plystra-Decision", "allow");
    }

    /**
     * A client's own forwarded headers travel through the gateway: one that names another request
     * than the gateway's header is refused, never preferred (NGINX sets X-Original-URI; the client
     * adds X-Forwarded-Uri for a public route).
     */
    @Test
    void aClientsForwardedHeaderDisagreeingWithTheGatewaysIsRefused() {
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Original-Method", "POST")
                .header("X-Original-URI", "/invoices/invoice_002/approve").header("X-Forwarded-Uri", "/healthz")
                .header("X-Forwarded-Method", "GET").auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward")
                .then().statusCode(400).body("error.code", equalTo("VALIDATION_FAILED"));
    }

    /** ingress-nginx's auth-url sends the whole URL in X-Original-URL. */
    @Test
    void ingressNginxsWholeUrlWorksTheSame() {
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Original-Method", "POST")
                .header("X-Original-URL", "https://billing.example.com/invoices/invoice_001/approve?from=inbox")
                .auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward").then().statusCode(200);
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Original-Method", "POST")
                .header("X-Original-URL", "https://billing.example.com/invoices/invoice_002/approve")
                .auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward").then().statusCode(403);
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Original-URL", "/relative/only")
                .auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward").then().statusCode(400)
                .body("error.details.fields.X-Original-URL", equalTo("is no absolute URL"));
    }

    @Test
    void aDeniedRequestGets403WithTheDenyCode() {
        gateway("POST", "/invoices/invoice_002/approve").auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward")
                .then().statusCode(403).header("X-Plystra-Decision", "deny").header("X-Plystra-Deny-Code", "SCOPE_OUT_OF_BOUNDS")
                .body("error.code", equalTo("FORBIDDEN")).body("error.details.deny_code", equalTo("SCOPE_OUT_OF_BOUNDS"));
    }

    @Test
    void anUnmappedRequestIsDeniedAndAudited() {
        var answer = gateway("DELETE", "/invoices/invoice_001").auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward");
        answer.then().statusCode(403).header("X-Plystra-Deny-Code", "ROUTE_NOT_MAPPED");
        var row = TestDatabase.rows("SELECT deny_code, resource_type, resource_id FROM audit_logs WHERE id = ?",
                answer.header("X-Plystra-Audit-Log-ID")).get(0);
        assertEquals(Map.of("deny_code", "ROUTE_NOT_MAPPED", "resource_type", "gateway_route", "resource_id", "DELETE /invoices/invoice_001"), row);
    }

    /** Tricks that would reach another rule or an unprotected upstream path are refused or denied, never allowed. */
    @Test
    void pathTricksAreNeverAllowed() {
        String token = Api.login(Api.ALICE);
        for (String uri : List.of("/invoices/invoice_002/../invoice_001/approve/../../../admin", "/INVOICES/invoice_001/approve",
                "/invoices/invoice_001/approve/..", "/invoices//invoice_002/approve")) {
            int status = gateway("POST", uri).auth().oauth2(token).get("/api/v1/authz/forward").then().extract().statusCode();
            assertEquals(true, status == 403 || status == 400, uri + " answered " + status);
        }
        for (String uri : List.of("/invoices/invoice_001%2Fapprove", "/invoices/invoice_001;x/approve", "/invoices/invoice_001%5capprove")) {
            gateway("POST", uri).auth().oauth2(token).get("/api/v1/authz/forward").then().statusCode(400)
                    .body("error.code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void withoutAnEndUserCredentialOrAGatewayKeyIs401() {
        gateway("POST", "/invoices/invoice_001/approve").get("/api/v1/authz/forward").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        given().header("X-Forwarded-Uri", "/invoices/invoice_001/approve").auth().oauth2(Api.login(Api.ALICE))
                .get("/api/v1/authz/forward").then().statusCode(401)
                .body("error.message", containsString("X-Plystra-Gateway-Key"));
        given().header("X-Plystra-Gateway-Key", "ply_key_" + "0".repeat(64)).header("X-Forwarded-Uri", "/healthz")
                .get("/api/v1/authz/forward").then().statusCode(401);
    }

    /**
     * A space may let what no route maps through without a decision (default: allow), audited as a
     * change; the next table without it denies again. Production mode refuses it.
     */
    @Test
    void aSpaceDefaultOfAllowLetsUnmappedRequestsThroughOutsideProduction() {
        String path = "/api/v1/spaces/space_acme/gateway/routes";
        asAdmin().body(Map.of("default", "allow", "routes", List.of(APPROVE))).put(path).then().statusCode(200)
                .body("data.default", equalTo("allow"));
        gateway("GET", "/anything/else").auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward").then().statusCode(200)
                .header("X-Plystra-Decision", "allow");
        assertEquals("gateway_default.changed", auditActions("space_acme").get(auditActions("space_acme").size() - 1));
        asAdmin().body(Map.of("routes", List.of(APPROVE))).put(path).then().statusCode(200).body("data.default", equalTo("deny"));
        gateway("GET", "/anything/else").auth().oauth2(Api.login(Api.ALICE)).get("/api/v1/authz/forward").then().statusCode(403)
                .header("X-Plystra-Deny-Code", "ROUTE_NOT_MAPPED");
        asAdmin().body(Map.of("default", "maybe", "routes", List.of())).put(path).then().statusCode(400)
                .body("error.details.fields.default", equalTo("must be deny or allow"));
        var refused = org.junit.jupiter.api.Assertions.assertThrows(io.plystra.kernel.ApiException.class,
                () -> GatewayRouteService.defaultOf(new RoutesBody(List.of(), "allow"), true));
        assertEquals(Map.of("default", "production mode refuses allow: an unmapped request is denied (ROUTE_NOT_MAPPED)"),
                refused.details().get("fields"));
    }

    @Test
    void aPublicRouteIsAllowedWithoutADecision() {
        gateway("GET", "/healthz").get("/api/v1/authz/forward").then().statusCode(200).header("X-Plystra-Decision", "allow")
                .header("X-Plystra-Audit-Log-ID", nullValue());
    }
}
