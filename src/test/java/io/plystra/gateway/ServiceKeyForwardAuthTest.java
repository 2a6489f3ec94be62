package io.plystra.gateway;

import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.GatewayRoutes.APPROVE;
import static io.plystra.testsupport.GatewayRoutes.HEALTH;
import static io.plystra.testsupport.GatewayRoutes.READ;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plystra.access.AccessFixtures;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.ServicePrincipals;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;

/**
 * A service's own key as the end-user credential of a gateway's request ({@code Authorization: Bearer
 * ply_svc_...}): decided for that service's actor and audited like a check; a disabled service is a deny,
 * a key of another space's service a cross-space deny, an unknown, revoked or expired key a 401 as a bad
 * session is. A service key is never a gateway's key.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ServiceKeyForwardAuthTest {

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

    static RequestSpecification gateway(String method, String uri, String endUserKey) {
        return given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Forwarded-Method", method)
                .header("X-Forwarded-Uri", uri).header("X-Forwarded-Host", "billing.example.com")
                .header("Authorization", "Bearer " + endUserKey);
    }

    @Test
    void aServiceKeyIsDecidedForItsServiceWithItsIdentityForTheUpstream() {
        ServicePrincipals.Made service = ServicePrincipals.approver("gateway");
        String key = ServicePrincipals.key(service.id());
        var answer = gateway("POST", "/invoices/invoice_001/approve", key).get("/api/v1/authz/forward");
        answer.then().statusCode(200).body(emptyString()).header("X-Plystra-Decision", "allow")
                .header("X-Plystra-Service-Id", service.id()).header("X-Plystra-Member-Id", service.memberId())
                .header("X-Plystra-Space-Id", "space_acme").header("X-Plystra-User-Id", nullValue());
        Map<String, Object> row = TestDatabase.rows("SELECT decision, actor_user_id, actor_member_id, trace->>'actor_service_id' AS s, "
                + "trace->'gateway'->>'uri' AS uri FROM audit_logs WHERE id = ?", answer.header("X-Plystra-Audit-Log-ID")).get(0);
        Map<String, Object> expected = new HashMap<>();
        expected.put("decision", "allow");
        expected.put("actor_user_id", null);
        expected.put("actor_member_id", service.memberId());
        expected.put("s", service.id());
        expected.put("uri", "/invoices/invoice_001/approve");
        assertEquals(expected, row);

        gateway("POST", "/invoices/invoice_002/approve", key).get("/api/v1/authz/forward").then().statusCode(403)
                .header("X-Plystra-Deny-Code", "SCOPE_OUT_OF_BOUNDS");
        gateway("GET", "/healthz", key).get("/api/v1/authz/forward").then().statusCode(200);
    }

    @Test
    void aDisabledServiceIsADenyAndAnotherSpacesServiceACrossSpaceDeny() {
        ServicePrincipals.Made service = ServicePrincipals.approver("gateway_disabled");
        String key = ServicePrincipals.key(service.id());
        asAdmin().post("/api/v1/services/" + service.id() + "/disable").then().statusCode(200);
        gateway("POST", "/invoices/invoice_001/approve", key).get("/api/v1/authz/forward").then().statusCode(403)
                .header("X-Plystra-Decision", "deny").header("X-Plystra-Deny-Code", "SERVICE_INACTIVE");

        ServicePrincipals.Made elsewhere = ServicePrincipals.create(AccessFixtures.space(), "foreign");
        gateway("POST", "/invoices/invoice_001/approve", ServicePrincipals.key(elsewhere.id())).get("/api/v1/authz/forward")
                .then().statusCode(403).header("X-Plystra-Deny-Code", "CROSS_SPACE_VIOLATION");
    }

    @Test
    void anUnknownRevokedOrExpiredKeyIs401() {
        gateway("POST", "/invoices/invoice_001/approve", "ply_svc_" + "0".repeat(64)).get("/api/v1/authz/forward").then()
                .statusCode(401).header("WWW-Authenticate", "Bearer");
        ServicePrincipals.Made service = ServicePrincipals.approver("gateway_revoked");
        String key = ServicePrincipals.key(service.id());
        gateway("POST", "/invoices/invoice_001/approve", key).get("/api/v1/authz/forward").then().statusCode(200);
        String keyId = (String) TestDatabase.rows("SELECT id FROM service_keys WHERE service_id = ?", service.id()).get(0).get("id");
        asAdmin().post("/api/v1/services/" + service.id() + "/keys/" + keyId + "/revoke").then().statusCode(200);
        gateway("POST", "/invoices/invoice_001/approve", key).get("/api/v1/authz/forward").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer");
        String expiring = ServicePrincipals.key(service.id());
        TestDatabase.update("UPDATE service_keys SET expires_at = now() - interval '1 second' WHERE key_hash = ?",
                io.plystra.session.Accounts.HASHER.hash(expiring));
        gateway("POST", "/invoices/invoice_001/approve", expiring).get("/api/v1/authz/forward").then().statusCode(401);
    }

    @Test
    void aServiceKeyIsNeverAGatewaysKey() {
        ServicePrincipals.Made service = ServicePrincipals.approver("not_a_gateway");
        String key = ServicePrincipals.key(service.id());
        given().header("X-Plystra-Gateway-Key", key).header("X-Forwarded-Method", "POST")
                .header("X-Forwarded-Uri", "/invoices/invoice_001/approve").header("Authorization", "Bearer " + key)
                .get("/api/v1/authz/forward").then().statusCode(403);
    }
}
