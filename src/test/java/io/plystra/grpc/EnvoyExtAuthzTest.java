package io.plystra.grpc;

import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.dev.EmbeddedPostgres;
import io.plystra.testsupport.Api;
import static io.plystra.testsupport.GatewayRoutes.APPROVE;
import static io.plystra.testsupport.GatewayRoutes.HEALTH;
import static io.plystra.testsupport.GatewayRoutes.READ;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Envoy's ext_authz protocol, spoken by a real grpc-java client on Envoy's generated protos
 * ({@code envoy.service.auth.v3.Authorization/Check}), against the routes forward-auth uses: allow
 * with the identity headers for the upstream, deny 403 with the code, 401 without an end-user
 * credential, the gateway key refused, unmapped and path tricks never allowed, each decision audited,
 * and a database outage a gRPC UNAVAILABLE (never an OK).
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class EnvoyExtAuthzTest {


    static String gatewayKey;
    AuthorizationGrpc.AuthorizationBlockingStub envoy;
    AuthorizationGrpc.AuthorizationBlockingStub anonymous;

    @BeforeEach
    void acmeRoutesAndAGatewayKey(GrpcServer server) {
        asAdmin().body(Map.of("routes", List.of(APPROVE, READ, HEALTH))).put("/api/v1/spaces/space_acme/gateway/routes")
                .then().statusCode(200);
        if (gatewayKey == null) {
            gatewayKey = asAdmin().body(Map.of("name", "envoy", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                    .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        }
        var stub = AuthorizationGrpc.newBlockingStub(GrpcChannel.to(server));
        envoy = GrpcChannel.with(stub, Map.of("x-plystra-gateway-key", gatewayKey));
        anonymous = GrpcChannel.with(stub, Map.of());
    }

    /** What Envoy sends for the original request: method, host, path with its query, lower-cased headers. */
    static CheckRequest request(String method, String path, String bearer) {
        Map<String, String> headers = new HashMap<>(Map.of(":method", method, ":path", path, ":authority", "billing.example.com",
                "user-agent", "curl/8"));
        if (bearer != null) {
            headers.put("authorization", "Bearer " + bearer);
        }
        return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder().setRequest(AttributeContext.Request.newBuilder()
                .setHttp(AttributeContext.HttpRequest.newBuilder().setMethod(method).setHost("billing.example.com").setPath(path)
                        .setProtocol("HTTP/1.1").putAllHeaders(headers)))).build();
    }

    static Map<String, String> headers(List<HeaderValueOption> options) {
        return options.stream().collect(Collectors.toMap(h -> h.getHeader().getKey(), h -> h.getHeader().getValue()));
    }

    @Test
    void anAllowedRequestIsOkWithTheIdentityForTheUpstreamAndAnAuditRow() {
        CheckResponse answer = envoy.check(request("POST", "/invoices/invoice_001/approve?from=inbox", Api.login(Api.ALICE)));
        assertEquals(Status.Code.OK.value(), answer.getStatus().getCode());
        assertTrue(answer.hasOkResponse());
        Map<String, String> upstream = headers(answer.getOkResponse().getHeadersList());
        assertEquals("allow", upstream.get("x-plystra-decision"));
        assertEquals("user_alice", upstream.get("x-plystra-user-id"));
        assertEquals("member_finance_reviewer", upstream.get("x-plystra-member-id"));
        assertEquals("space_acme", upstream.get("x-plystra-space-id"));
        assertTrue(upstream.get("x-plystra-trace-id").startsWith("trc_"));
        assertTrue(answer.getOkResponse().getHeadersList().stream().noneMatch(h -> h.getAppend().getValue()),
                "identity headers replace any the end user sent");
        var row = TestDatabase.rows("SELECT decision, resource_type, resource_id, action, user_agent FROM audit_logs WHERE id = ?",
                upstream.get("x-plystra-audit-log-id")).get(0);
        assertEquals(Map.of("decision", "allow", "resource_type", "invoice", "resource_id", "invoice_001", "action", "approve"),
                Map.of("decision", row.get("decision"), "resource_type", row.get("resource_type"), "resource_id", row.get("resource_id"),
                        "action", row.get("action")));
        assertTrue(String.valueOf(row.get("user_agent")).startsWith("grpc-java"), "the audit row records the calling gateway: " + row);
    }

    @Test
    void aDeniedRequestIs403WithTheDenyCodeAndTheEnvelope() throws Exception {
        CheckResponse answer = envoy.check(request("POST", "/invoices/invoice_002/approve", Api.login(Api.ALICE)));
        assertEquals(Status.Code.PERMISSION_DENIED.value(), answer.getStatus().getCode());
        assertFalse(answer.hasOkResponse());
        assertEquals(403, answer.getDeniedResponse().getStatus().getCodeValue());
        Map<String, String> sent = headers(answer.getDeniedResponse().getHeadersList());
        assertEquals("SCOPE_OUT_OF_BOUNDS", sent.get("x-plystra-deny-code"));
        assertEquals("deny", sent.get("x-plystra-decision"));
        assertEquals("application/json", sent.get("content-type"));
        var body = new ObjectMapper().readTree(answer.getDeniedResponse().getBody());
        assertEquals("FORBIDDEN", body.at("/error/code").asText());
        assertEquals("SCOPE_OUT_OF_BOUNDS", body.at("/error/details/deny_code").asText());
        var row = TestDatabase.rows("SELECT decision, deny_code FROM audit_logs WHERE id = ?", sent.get("x-plystra-audit-log-id")).get(0);
        assertEquals(Map.of("decision", "deny", "deny_code", "SCOPE_OUT_OF_BOUNDS"), row);
    }

    @Test
    void withoutAnEndUserCredentialIs401WithWwwAuthenticate() {
        CheckResponse answer = envoy.check(request("POST", "/invoices/invoice_001/approve", null));
        assertEquals(Status.Code.UNAUTHENTICATED.value(), answer.getStatus().getCode());
        assertEquals(401, answer.getDeniedResponse().getStatus().getCodeValue());
        assertEquals("Bearer", headers(answer.getDeniedResponse().getHeadersList()).get("www-authenticate"));
        CheckResponse forged = envoy.check(request("POST", "/invoices/invoice_001/approve", "ply_key_" + "0".repeat(64)));
        assertEquals(401, forged.getDeniedResponse().getStatus().getCodeValue());
    }

    @Test
    void withoutAValidGatewayKeyTheCallIsRefused() {
        CheckRequest allowed = request("POST", "/invoices/invoice_001/approve", Api.login(Api.ALICE));
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> anonymous.check(allowed));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        assertTrue(none.getStatus().getDescription().contains("x-plystra-gateway-key"), none.getStatus().getDescription());
        var wrongKey = GrpcChannel.with(anonymous, Map.of("x-plystra-gateway-key", "ply_key_" + "0".repeat(64)));
        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class, () -> wrongKey.check(allowed))
                .getStatus().getCode());
        // The end user's own credential in the gateway's place: a session holding no authz:check is not a gateway.
        var endUserAsGateway = GrpcChannel.with(anonymous, Map.of("x-plystra-gateway-key", Api.login(Api.BOB)));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> endUserAsGateway.check(allowed));
        assertTrue(refused.getStatus().getCode() == Status.Code.PERMISSION_DENIED
                || refused.getStatus().getCode() == Status.Code.UNAUTHENTICATED, refused.getStatus().toString());
        // A key sent as a header of the original request comes from the end user: never read.
        CheckRequest inHeaders = allowed.toBuilder().setAttributes(allowed.getAttributes().toBuilder().setRequest(
                allowed.getAttributes().getRequest().toBuilder().setHttp(allowed.getAttributes().getRequest().getHttp().toBuilder()
                        .putHeaders("x-plystra-gateway-key", gatewayKey)))).build();
        assertEquals(Status.Code.UNAUTHENTICATED, assertThrows(StatusRuntimeException.class, () -> anonymous.check(inHeaders))
                .getStatus().getCode());
    }

    @Test
    void anUnmappedRequestIsDeniedRouteNotMappedAndAudited() {
        CheckResponse answer = envoy.check(request("DELETE", "/invoices/invoice_001", Api.login(Api.ALICE)));
        assertEquals(403, answer.getDeniedResponse().getStatus().getCodeValue());
        Map<String, String> sent = headers(answer.getDeniedResponse().getHeadersList());
        assertEquals("ROUTE_NOT_MAPPED", sent.get("x-plystra-deny-code"));
        var row = TestDatabase.rows("SELECT deny_code, resource_type, resource_id FROM audit_logs WHERE id = ?",
                sent.get("x-plystra-audit-log-id")).get(0);
        assertEquals(Map.of("deny_code", "ROUTE_NOT_MAPPED", "resource_type", "gateway_route", "resource_id", "DELETE /invoices/invoice_001"), row);
    }

    /** Tricks that would reach another rule or an unprotected upstream path: denied or refused as malformed, never OK. */
    @Test
    void pathTricksAreNeverAllowed() {
        String token = Api.login(Api.ALICE);
        for (String path : List.of("/invoices/invoice_002/../invoice_001/approve/../../../admin", "/INVOICES/invoice_001/approve",
                "/invoices/invoice_001/approve/..", "/invoices//invoice_002/approve", "/invoices/invoice_001%2Fapprove",
                "/invoices/invoice_001%5capprove", "/invoices/invoice_001;x/approve")) {
            CheckResponse answer = envoy.check(request("POST", path, token));
            assertFalse(answer.hasOkResponse(), path);
            assertTrue(answer.getStatus().getCode() != Status.Code.OK.value(), path);
            int status = answer.getDeniedResponse().getStatus().getCodeValue();
            assertTrue(status == 403 || status == 400, path + " answered " + status);
        }
        CheckResponse slash = envoy.check(request("POST", "/invoices/invoice_001%2Fapprove", token));
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), slash.getStatus().getCode());
        assertEquals("VALIDATION_FAILED", headers(slash.getDeniedResponse().getHeadersList()).get("x-plystra-error-code"));
        CheckResponse empty = envoy.check(CheckRequest.getDefaultInstance());
        assertFalse(empty.hasOkResponse(), "an empty request is never allowed");
        assertEquals(400, empty.getDeniedResponse().getStatus().getCodeValue());
    }

    @Test
    void aPublicRouteIsOkWithoutADecisionAndForgedIdentityHeadersRemoved() {
        CheckResponse answer = envoy.check(request("GET", "/healthz", null));
        assertEquals(Status.Code.OK.value(), answer.getStatus().getCode());
        assertEquals("allow", headers(answer.getOkResponse().getHeadersList()).get("x-plystra-decision"));
        assertTrue(answer.getOkResponse().getHeadersToRemoveList().containsAll(List.of("x-plystra-user-id", "x-plystra-member-id",
                "x-plystra-space-id", "x-plystra-audit-log-id")));
    }

    /** The database stopped: a decision Plystra cannot make is a gRPC UNAVAILABLE, which Envoy refuses (failure_mode_allow: false). */
    @Test
    void aDecisionThatCannotBeMadeIsUnavailable() throws Exception {
        EmbeddedPostgres pg = PostgresTestResource.server();
        Assumptions.assumeTrue(pg != null, "needs the embedded test database");
        String token = Api.login(Api.ALICE);
        envoy.check(request("POST", "/invoices/invoice_001/approve", token));
        pg.close();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> envoy.check(request("POST", "/invoices/invoice_001/approve", token)));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
        } finally {
            pg.restart(false);
        }
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until && given().get("/api/v1/ready").statusCode() != 200) {
            Thread.sleep(50);
        }
        assertEquals(200, given().get("/api/v1/ready").statusCode());
    }
}
