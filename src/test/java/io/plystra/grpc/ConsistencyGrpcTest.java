package io.plystra.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.authz.AuthzRequest;
import io.plystra.grpc.v1.AuthzServiceGrpc;
import io.plystra.grpc.v1.BatchCheckItem;
import io.plystra.grpc.v1.BatchCheckRequest;
import io.plystra.grpc.v1.CheckRequest;
import io.plystra.grpc.v1.Consistency;
import io.plystra.grpc.v1.LookupMembersRequest;
import io.plystra.grpc.v1.LookupResourcesRequest;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.Revisions;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code Consistency} over gRPC: every RPC that decides takes it, and it is answered as the REST body's {@code consistency}. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ConsistencyGrpcTest {

    AuthzServiceGrpc.AuthzServiceBlockingStub asAlice;

    @BeforeEach
    void stub(GrpcServer server) {
        asAlice = GrpcChannel.with(AuthzServiceGrpc.newBlockingStub(GrpcChannel.to(server)),
                Map.of("authorization", "Bearer " + Api.login(Api.ALICE)));
    }

    static CheckRequest check(Consistency consistency) {
        return CheckRequest.newBuilder(AuthzGrpcApiTest.check("invoice_001", "approve")).setConsistency(consistency).build();
    }

    @Test
    void theMessageIsTheRestConsistencyWithEmptyAsNotSent() {
        assertEquals(new AuthzRequest.Consistency("bounded_staleness", null, 250L, null),
                AuthzApi.consistency(Consistency.newBuilder().setMode("bounded_staleness").setMaxMs(250).build()));
        assertEquals(new AuthzRequest.Consistency("bounded_staleness", null, 0L, null),
                AuthzApi.consistency(Consistency.newBuilder().setMode("bounded_staleness").setMaxMs(0).build()), "0 is sent");
        assertEquals(new AuthzRequest.Consistency("at_least_as_fresh", "7.x", null, null),
                AuthzApi.consistency(Consistency.newBuilder().setMode("at_least_as_fresh").setToken("7.x").build()));
        assertEquals(new AuthzRequest.Consistency(null, null, null, "7.x"),
                AuthzApi.consistency(Consistency.newBuilder().setAtLeastAsFresh("7.x").build()));
        assertNull(AuthzApi.body(AuthzGrpcApiTest.check("invoice_001", "approve")).consistency(), "an unset message is the default");
    }

    @Test
    void everyRpcTakesEveryMode() {
        String token = Revisions.token(Revisions.committed());
        for (Consistency c : List.of(Consistency.newBuilder().setMode("minimize_latency").build(),
                Consistency.newBuilder().setMode("fully_consistent").build(),
                Consistency.newBuilder().setMode("bounded_staleness").setMaxMs(60_000).build(),
                Consistency.newBuilder().setMode("at_least_as_fresh").setToken(token).build(),
                Consistency.newBuilder().setAtLeastAsFresh(token).build())) {
            assertEquals("allow", asAlice.check(check(c)).getDecision(), c.toString());
            assertEquals("allow", asAlice.explain(check(c)).getDecision());
            assertEquals("allow", asAlice.batchCheck(BatchCheckRequest.newBuilder().setActor(AuthzGrpcApiTest.ALICE).setConsistency(c)
                    .addItems(BatchCheckItem.newBuilder().setResourceType("invoice").setResourceId("invoice_001").setAction("approve"))
                    .build()).getResults(0).getCheck().getDecision());
            assertTrue(asAlice.lookupResources(LookupResourcesRequest.newBuilder().setActor(AuthzGrpcApiTest.ALICE)
                    .setResourceType("invoice").setAction("approve").setConsistency(c).build()).next().getResourceIdsList()
                    .contains("invoice_001"));
            assertTrue(asAlice.lookupMembers(LookupMembersRequest.newBuilder().setSpaceId("space_acme").setResourceType("invoice")
                    .setResourceId("invoice_001").setAction("approve").setConsistency(c).build()).getMembersList().stream()
                    .anyMatch(m -> m.getMemberId().equals("member_finance_reviewer")));
        }
    }

    @Test
    void badConsistencyIsInvalidArgumentAndAFutureTokenAborted() {
        Map<Consistency, String> bad = Map.of(
                Consistency.newBuilder().build(), "VALIDATION_FAILED: invalid field consistency.mode: must be one of "
                        + "[minimize_latency, at_least_as_fresh, fully_consistent, bounded_staleness]",
                Consistency.newBuilder().setMode("bounded_staleness").build(),
                "VALIDATION_FAILED: invalid field consistency.max_ms: must be a whole number of milliseconds from 0 to 86400000",
                Consistency.newBuilder().setAtLeastAsFresh("1.AAAAAAAAAAAAAAAAAAAAAA").build(),
                "VALIDATION_FAILED: invalid field consistency.at_least_as_fresh: is not a revision token this deployment issued");
        bad.forEach((c, description) -> {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> asAlice.check(check(c)));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(description, e.getStatus().getDescription());
        });
        StatusRuntimeException future = assertThrows(StatusRuntimeException.class, () -> asAlice.check(check(
                Consistency.newBuilder().setMode("at_least_as_fresh").setToken(Revisions.token(Revisions.committed() + 1)).build())));
        assertEquals(Status.Code.ABORTED, future.getStatus().getCode());
        assertEquals("CONSISTENCY_NOT_REACHED", future.getTrailers().get(GrpcErrors.ERROR_CODE));
    }
}
