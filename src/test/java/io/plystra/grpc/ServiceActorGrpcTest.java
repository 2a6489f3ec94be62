package io.plystra.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.grpc.v1.Actor;
import io.plystra.grpc.v1.AuthzServiceGrpc;
import io.plystra.grpc.v1.BatchCheckItem;
import io.plystra.grpc.v1.BatchCheckRequest;
import io.plystra.grpc.v1.CheckRequest;
import io.plystra.grpc.v1.CheckResponse;
import io.plystra.grpc.v1.ExplainResponse;
import io.plystra.grpc.v1.LookupMembersRequest;
import io.plystra.grpc.v1.MemberRef;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.GatewayRoutes;
import io.plystra.testsupport.ServicePrincipals;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service form of the actor over gRPC ({@code Actor.service_id}): Check and Explain as REST answers
 * them, a message mixing the forms INVALID_ARGUMENT, a service's own key admitted by Check and Explain
 * only, lookup-members' service entries, and a service key as the end-user credential of Envoy's ext_authz.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ServiceActorGrpcTest {

    AuthzServiceGrpc.AuthzServiceBlockingStub stub;
    AuthzServiceGrpc.AuthzServiceBlockingStub asAlice;
    GrpcServer server;

    @BeforeEach
    void stubs(GrpcServer server) {
        this.server = server;
        stub = AuthzServiceGrpc.newBlockingStub(GrpcChannel.to(server));
        asAlice = GrpcChannel.with(stub, Map.of("authorization", "Bearer " + Api.login(Api.ALICE)));
    }

    static Actor actor(ServicePrincipals.Made service) {
        return Actor.newBuilder().setServiceId(service.id()).setMemberId(service.memberId()).setSpaceId(service.spaceId()).build();
    }

    static CheckRequest check(Actor actor, String id) {
        CheckRequest.Builder b = CheckRequest.newBuilder().setResourceType("invoice").setResourceId(id).setAction("approve");
        return actor == null ? b.build() : b.setActor(actor).build();
    }

    @Test
    void checkAndExplainTakeTheServiceForm() throws Exception {
        ServicePrincipals.Made service = ServicePrincipals.approver("grpc");
        CheckResponse allowed = asAlice.check(check(actor(service), "invoice_001"));
        assertTrue(allowed.getAllow(), allowed.getReason());
        assertEquals(service.memberId(), TestDatabase.rows("SELECT actor_member_id FROM audit_logs WHERE id = ?",
                allowed.getAuditLogId()).get(0).get("actor_member_id"));
        assertEquals("SCOPE_OUT_OF_BOUNDS", asAlice.check(check(actor(service), "invoice_002")).getDenyCode());
        ExplainResponse explained = asAlice.explain(check(actor(service), "invoice_001"));
        JsonNode trace = new ObjectMapper().readTree(explained.getTraceJson());
        assertEquals(service.id(), trace.at("/actor/service/id").asText());
        assertTrue(trace.at("/actor/user").isNull());
        Actor wrongMember = actor(service).toBuilder().setMemberId("member_finance_reviewer").build();
        assertEquals("CROSS_SPACE_VIOLATION", asAlice.check(check(wrongMember, "invoice_001")).getDenyCode());
        asAlice_disable(service);
        assertEquals("SERVICE_INACTIVE", asAlice.check(check(actor(service), "invoice_001")).getDenyCode());
    }

    private static void asAlice_disable(ServicePrincipals.Made service) {
        Api.asAdmin().post("/api/v1/services/" + service.id() + "/disable").then().statusCode(200);
    }

    @Test
    void aMessageMixingTheFormsIsInvalidNamingTheField() {
        ServicePrincipals.Made service = ServicePrincipals.approver("grpc_mixed");
        Actor mixed = actor(service).toBuilder().setUserId("user_alice").build();
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> asAlice.check(check(mixed, "invoice_001")));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertTrue(bad.getStatus().getDescription().contains("actor.user_id"), bad.getStatus().getDescription());
        Actor partial = Actor.newBuilder().setServiceId(service.id()).setSpaceId("space_acme").build();
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> asAlice.check(check(partial, "invoice_001")));
        assertEquals("VALIDATION_FAILED: invalid field actor.member_id: is required", missing.getStatus().getDescription());
        var batch = asAlice.batchCheck(BatchCheckRequest.newBuilder()
                .addItems(BatchCheckItem.newBuilder().setActor(mixed).setResourceType("invoice").setResourceId("invoice_001").setAction("approve"))
                .addItems(BatchCheckItem.newBuilder().setActor(actor(service)).setResourceType("invoice").setResourceId("invoice_001")
                        .setAction("approve")).build());
        assertEquals("VALIDATION_FAILED", batch.getResults(0).getError().getCode());
        assertTrue(batch.getResults(1).getCheck().getAllow());
    }

    @Test
    void aServiceKeyIsAdmittedByCheckAndExplainAboutItselfOnly() {
        ServicePrincipals.Made service = ServicePrincipals.approver("grpc_key");
        var asService = GrpcChannel.with(stub, Map.of("authorization", "Bearer " + ServicePrincipals.key(service.id())));
        assertTrue(asService.check(check(null, "invoice_001")).getAllow());
        assertTrue(asService.explain(check(actor(service), "invoice_001")).getAllow());
        Actor alice = Actor.newBuilder().setUserId("user_alice").setMemberId("member_finance_reviewer")
                .setUserMemberId("um_alice_finance_reviewer").setSpaceId("space_acme").build();
        assertEquals("CROSS_SPACE_VIOLATION", asService.check(check(alice, "invoice_001")).getDenyCode());
        StatusRuntimeException batch = assertThrows(StatusRuntimeException.class, () -> asService.batchCheck(BatchCheckRequest.newBuilder()
                .addItems(BatchCheckItem.newBuilder().setResourceType("invoice").setResourceId("invoice_001").setAction("approve")).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, batch.getStatus().getCode());
        StatusRuntimeException members = assertThrows(StatusRuntimeException.class, () -> asService.lookupMembers(
                LookupMembersRequest.newBuilder().setResourceType("invoice").setResourceId("invoice_001").setAction("approve").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, members.getStatus().getCode());
    }

    @Test
    void lookupMembersNamesServicesByKind() {
        ServicePrincipals.Made service = ServicePrincipals.approver("grpc_lookup");
        List<MemberRef> refs = asAlice.lookupMembers(LookupMembersRequest.newBuilder().setSpaceId("space_acme").setResourceType("invoice")
                .setResourceId("invoice_001").setAction("approve").setPageSize(1000).build()).getMembersList();
        MemberRef ref = refs.stream().filter(r -> r.getMemberId().equals(service.memberId())).findFirst().orElseThrow();
        assertEquals("service", ref.getKind());
        assertEquals(service.id(), ref.getServiceId());
        assertEquals("", ref.getUserId());
        assertTrue(refs.stream().filter(r -> r.getMemberId().equals("member_finance_reviewer")).allMatch(r -> r.getKind().equals("user")));
    }

    @Test
    void envoyDecidesAServiceKeyForItsService() {
        Api.asAdmin().body(Map.of("routes", List.of(GatewayRoutes.APPROVE, GatewayRoutes.READ, GatewayRoutes.HEALTH)))
                .put("/api/v1/spaces/space_acme/gateway/routes").then().statusCode(200);
        String gatewayKey = Api.asAdmin().body(Map.of("name", "envoy", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        ServicePrincipals.Made service = ServicePrincipals.approver("envoy");
        String key = ServicePrincipals.key(service.id());
        var envoy = GrpcChannel.with(AuthorizationGrpc.newBlockingStub(GrpcChannel.to(server)), Map.of("x-plystra-gateway-key", gatewayKey));
        Map<String, String> headers = new HashMap<>(Map.of(":method", "POST", ":path", "/invoices/invoice_001/approve",
                "authorization", "Bearer " + key, "x-plystra-user-id", "user_alice"));
        var answer = envoy.check(io.envoyproxy.envoy.service.auth.v3.CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
                .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder().setMethod("POST")
                        .setHost("billing.example.com").setPath("/invoices/invoice_001/approve").putAllHeaders(headers)))).build());
        assertEquals(Status.Code.OK.value(), answer.getStatus().getCode());
        Map<String, String> upstream = answer.getOkResponse().getHeadersList().stream()
                .collect(Collectors.toMap(h -> h.getHeader().getKey(), h -> h.getHeader().getValue()));
        assertEquals(service.id(), upstream.get("x-plystra-service-id"));
        assertEquals(service.memberId(), upstream.get("x-plystra-member-id"));
        assertFalse(upstream.containsKey("x-plystra-user-id"));
        assertTrue(answer.getOkResponse().getHeadersToRemoveList().contains("x-plystra-user-id"),
                "a user id the client sent is removed for the upstream");
    }
}
