package io.plystra.grpc;

import static io.plystra.testsupport.Api.actor;
import static io.plystra.testsupport.Api.asAdmin;
import static io.plystra.testsupport.Api.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.grpc.v1.Actor;
import io.plystra.grpc.v1.AuthzServiceGrpc;
import io.plystra.grpc.v1.CheckColumnsRequest;
import io.plystra.grpc.v1.CheckRequest;
import io.plystra.grpc.v1.CheckResponse;
import io.plystra.grpc.v1.ExplainResponse;
import io.plystra.grpc.v1.ListAllowedColumnsRequest;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code plystra.authz.v1.AuthzService} over a real grpc-java channel: Check answers what REST
 * {@code /authz/check} answers for the same request, with its own audit row; Explain carries the
 * trace; the caller authenticates with {@code authorization} metadata like REST; errors are the mapped
 * statuses; the column RPCs answer as REST does (batch and lookups:
 * {@link AuthzGrpcBatchLookupTest}).
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuthzGrpcApiTest {

    static final Actor ALICE = Actor.newBuilder().setUserId("user_alice").setMemberId("member_finance_reviewer")
            .setUserMemberId("um_alice_finance_reviewer").setSpaceId("space_acme").build();

    AuthzServiceGrpc.AuthzServiceBlockingStub asAlice;
    AuthzServiceGrpc.AuthzServiceBlockingStub anonymous;

    @BeforeEach
    void stubs(GrpcServer server) {
        var stub = AuthzServiceGrpc.newBlockingStub(GrpcChannel.to(server));
        asAlice = GrpcChannel.with(stub, Map.of("authorization", "Bearer " + Api.login(Api.ALICE), "x-request-id", "req_grpc_test"));
        anonymous = GrpcChannel.with(stub, Map.of());
    }

    static CheckRequest check(String id, String action) {
        return CheckRequest.newBuilder().setActor(ALICE).setResourceType("invoice").setResourceId(id).setAction(action).build();
    }

    @Test
    void checkAnswersWhatRestAnswersWithItsOwnAuditRow() {
        for (String[] c : new String[][] {{"invoice_001", "approve"}, {"invoice_002", "approve"}, {"invoice_001", "reject"},
                {"invoice_404", "approve"}}) {
            CheckResponse grpc = asAlice.check(check(c[0], c[1]));
            var rest = asAdmin().body(Api.check(actor("user_alice", "um_alice_finance_reviewer"), "invoice", c[0], c[1]))
                    .post("/api/v1/authz/check").then().statusCode(200).extract().jsonPath();
            assertEquals(rest.getString("data.decision"), grpc.getDecision(), c[0] + " " + c[1]);
            assertEquals(rest.getBoolean("data.allow"), grpc.getAllow());
            assertEquals(String.valueOf(rest.getString("data.deny_code")), grpc.getDenyCode().isEmpty() ? "null" : grpc.getDenyCode());
            assertEquals(rest.getString("data.reason"), grpc.getReason().isEmpty() ? null : grpc.getReason());
            assertFalse(grpc.getAuditLogId().equals(rest.getString("data.audit_log_id")), "each decision has its own row");
            var row = TestDatabase.rows("SELECT decision, deny_code, resource_id, action, request_id FROM audit_logs WHERE id = ?",
                    grpc.getAuditLogId()).get(0);
            assertEquals(grpc.getDecision(), row.get("decision"));
            assertEquals(grpc.getDenyCode().isEmpty() ? null : grpc.getDenyCode(), row.get("deny_code"));
            assertEquals(c[0], row.get("resource_id"));
            assertEquals("req_grpc_test", row.get("request_id"), "the call's x-request-id is the audit row's request id");
        }
    }

    @Test
    void explainCarriesTheTrace() throws Exception {
        ExplainResponse answer = asAlice.explain(check("invoice_001", "approve"));
        assertTrue(answer.getAllow());
        JsonNode trace = new ObjectMapper().readTree(answer.getTraceJson());
        assertEquals(answer.getTraceId(), trace.get("trace_id").asText());
        assertEquals("alice@example.com", trace.at("/actor/user/email").asText());
        assertEquals("allow", trace.get("decision").asText());
        assertEquals(answer.getAuditLogId(), trace.get("audit_log_id").asText());
    }

    @Test
    void aSessionWithoutActorActsAsItsOwnActiveActor() {
        CheckResponse answer = asAlice.check(CheckRequest.newBuilder().setResourceType("invoice").setResourceId("invoice_001")
                .setAction("approve").build());
        assertEquals("allow", answer.getDecision());
    }

    @Test
    void errorsAreMappedStatusesWithTheCodeInTheDescription() {
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> anonymous.check(check("invoice_001", "approve")));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        assertTrue(none.getStatus().getDescription().startsWith("AUTHENTICATION_REQUIRED: "), none.getStatus().getDescription());
        assertEquals("AUTHENTICATION_REQUIRED", none.getTrailers().get(GrpcErrors.ERROR_CODE));

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
                () -> asAlice.check(CheckRequest.newBuilder().setActor(ALICE).setResourceType("invoice").setAction("approve").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals("VALIDATION_FAILED: invalid field resource_id: is required", bad.getStatus().getDescription());

        // Bob holds no authz:check: the same 403 as REST.
        var bob = GrpcChannel.with(anonymous, Map.of("authorization", "Bearer " + Api.login(Api.BOB)));
        StatusRuntimeException forbidden = assertThrows(StatusRuntimeException.class, () -> bob.check(check("invoice_001", "approve")));
        assertEquals(Status.Code.PERMISSION_DENIED, forbidden.getStatus().getCode());
        assertTrue(forbidden.getStatus().getDescription().startsWith("ADMIN_PERMISSION_REQUIRED: "));
        assertEquals(403, Api.as(Api.BOB).body(Api.check(actor("user_alice", "um_alice_finance_reviewer"), "invoice", "invoice_001",
                "approve")).post("/api/v1/authz/check").statusCode());
    }

    @Test
    void anApiKeyAuthenticatesAsOnRest() {
        String key = asAdmin().body(Map.of("name", "grpc-service", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        var service = GrpcChannel.with(anonymous, Map.of("authorization", "Bearer " + key));
        assertEquals("allow", service.check(check("invoice_001", "approve")).getDecision());
        StatusRuntimeException otherSpace = assertThrows(StatusRuntimeException.class, () -> service.check(
                CheckRequest.newBuilder(check("invoice_001", "approve")).setActor(ALICE.toBuilder().setSpaceId("space_other")).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, otherSpace.getStatus().getCode());
    }

    /** The standard health service on the same port, for a gateway's cluster health check. */
    @Test
    void theGrpcHealthServiceAnswersServing(GrpcServer server) {
        var health = grpc.health.v1.HealthGrpc.newBlockingStub(GrpcChannel.to(server)).withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING,
                health.check(grpc.health.v1.HealthOuterClass.HealthCheckRequest.newBuilder()
                        .setService("envoy.service.auth.v3.Authorization").build()).getStatus());
    }

    /** CheckColumns and ListAllowedColumns answer what REST answers, with context and inline attributes carried as Structs. */
    @Test
    void theColumnRpcsAnswerWhatRestAnswers() {
        String type = io.plystra.access.AccessFixtures.type("read");
        asAdmin().body(Map.of("columns", List.of(Map.of("name", "id"), Map.of("name", "amount"), Map.of("name", "email"))))
                .put("/api/v1/resource-types/" + type + "/columns").then().statusCode(200);
        asAdmin().body(Map.of("key", "finance", "columns", List.of("id", "amount")))
                .post("/api/v1/resource-types/" + type + "/column-groups").then().statusCode(201);
        asAdmin().body(Map.of("key", type, "display_name", "External", "storage_kind", "external")).post("/api/v1/resource-types")
                .then().statusCode(org.hamcrest.Matchers.lessThan(300));
        String permission = io.plystra.access.AccessFixtures.permission(type, "read", "space");
        String role = io.plystra.access.AccessFixtures.role("space_acme");
        asAdmin().body(Map.of("role_id", role, "permission_id", permission)).post("/api/v1/role-permissions").then().statusCode(201);
        asAdmin().body(Map.of("subject", Map.of("kind", "member", "id", "member_finance_reviewer"), "role_id", role,
                "conditions", Map.of("column_groups", List.of("finance"),
                        "required_attributes", List.of(Map.of("attribute", "context.channel", "op", "eq", "value", "grpc")))))
                .post("/api/v1/spaces/space_acme/bindings").then().statusCode(201);
        com.google.protobuf.Struct context = com.google.protobuf.Struct.newBuilder().putFields("channel",
                com.google.protobuf.Value.newBuilder().setStringValue("grpc").build()).build();
        var g = asAlice.checkColumns(CheckColumnsRequest.newBuilder().setActor(ALICE).setResourceType(type).setResourceId("ext_1")
                .setAction("read").addColumns("amount").addColumns("email").addColumns("nope").setContext(context).build());
        var rest = asAdmin().body(Map.of("actor", Map.of("user_id", "user_alice", "member_id", "member_finance_reviewer",
                        "user_member_id", "um_alice_finance_reviewer", "space_id", "space_acme"), "resource_type", type, "resource_id", "ext_1",
                        "action", "read", "columns", List.of("amount", "email", "nope"), "context", Map.of("channel", "grpc")))
                .post("/api/v1/authz/check-columns").then().statusCode(200).extract().jsonPath();
        assertEquals("allow", g.getDecision());
        assertEquals(rest.getString("data.decision"), g.getDecision());
        assertEquals(List.of("amount:", "email:COLUMN_NOT_GRANTED", "nope:UNKNOWN_COLUMN"),
                g.getColumnsList().stream().map(c -> c.getColumn() + ":" + c.getDenyCode()).toList());
        assertEquals(rest.getList("data.allowed"), g.getColumnsList().stream().filter(c -> c.getAllow()).map(c -> c.getColumn()).toList());
        assertFalse(g.getAllowAll());
        assertEquals(1, TestDatabase.rows("SELECT 1 FROM audit_logs WHERE id = ?", g.getAuditLogId()).size());
        var allowed = asAlice.listAllowedColumns(ListAllowedColumnsRequest.newBuilder().setActor(ALICE).setResourceType(type)
                .setResourceId("ext_1").setAction("read").setContext(context).build());
        assertEquals(List.of("id", "amount"), allowed.getColumnsList());
        assertEquals(List.of("finance"), allowed.getAllowed(1).getGroupsList());
        // Without the context the condition fails: the row is denied, and so is every column.
        var denied = asAlice.listAllowedColumns(ListAllowedColumnsRequest.newBuilder().setActor(ALICE).setResourceType(type)
                .setResourceId("ext_1").setAction("read").build());
        assertEquals("CONDITION_NOT_MET", denied.getDenyCode());
        assertEquals(0, denied.getColumnsCount());
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
                () -> asAlice.checkColumns(CheckColumnsRequest.newBuilder().setActor(ALICE).setResourceType(type).setResourceId("x")
                        .setAction("read").build())).getStatus().getCode());
    }
}
