package io.plystra.grpc;

import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.grpc.v1.Change;
import io.plystra.grpc.v1.ChangeServiceGrpc;
import io.plystra.grpc.v1.WatchChangesRequest;
import io.plystra.session.Accounts;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code plystra.authz.v1.ChangeService/WatchChanges} over a real grpc-java channel: the stream of REST
 * {@code GET /changes}; a client that cancels and calls again after the last seq it received misses nothing and
 * sees nothing twice; the caller is admitted as REST admits it.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ChangeGrpcTest {

    ChangeServiceGrpc.ChangeServiceBlockingStub asAlice;
    ChangeServiceGrpc.ChangeServiceBlockingStub anonymous;
    ChangeServiceGrpc.ChangeServiceBlockingStub stub;

    @BeforeEach
    void stubs(GrpcServer server) {
        stub = ChangeServiceGrpc.newBlockingStub(GrpcChannel.to(server));
        asAlice = GrpcChannel.with(stub, Map.of("authorization", "Bearer " + Api.login(Api.ALICE)));
        anonymous = GrpcChannel.with(stub, Map.of());
    }

    @Test
    void aClientThatCancelsAndResumesMissesNothingAndSeesNothingTwice() throws Exception {
        long start = head();
        String space = space();
        List<Long> committed = seqsAfter(start);
        List<Change> first = read(asAlice, WatchChangesRequest.newBuilder().setAfter(start).build(), committed.size());
        assertEquals(committed, seqs(first));
        Change created = first.stream().filter(c -> c.getEntityId().equals(space)).findFirst().orElseThrow();
        assertEquals("space.created", created.getAction());
        assertTrue(created.getAfterJson().contains(space), created.getAfterJson());

        long last = first.get(first.size() - 1).getSeq();
        String later = space();
        List<Long> since = seqsAfter(last);
        List<Change> resumed = read(asAlice, WatchChangesRequest.newBuilder().setAfter(last).build(), since.size());
        assertEquals(since, seqs(resumed), "exactly the changes since the last seq");
        assertEquals(last + 1, resumed.get(0).getSeq());
        assertTrue(resumed.stream().anyMatch(c -> c.getEntityId().equals(later)));
    }

    @Test
    void refusalsAreStatuses() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> anonymous.watchChanges(WatchChangesRequest.getDefaultInstance()).hasNext());
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class,
                () -> asAlice.watchChanges(WatchChangesRequest.newBuilder().setAfter(-1).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("after"), e.getStatus().getDescription());
        var plain = GrpcChannel.with(stub, Map.of("authorization", "Bearer " + Accounts.accessToken(Accounts.newUser("nogrpcfeed"))));
        e = assertThrows(StatusRuntimeException.class, () -> plain.watchChanges(WatchChangesRequest.getDefaultInstance()).hasNext());
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    }

    /** The first {@code n} messages of a call, then the call is cancelled (the client disconnects). */
    private static List<Change> read(ChangeServiceGrpc.ChangeServiceBlockingStub as, WatchChangesRequest request, int n) throws Exception {
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            return call.call(() -> {
                Iterator<Change> changes = as.watchChanges(request);
                List<Change> out = new ArrayList<>();
                while (out.size() < n) {
                    out.add(changes.next());
                }
                return out;
            });
        }
    }

    static String space() {
        return asAdmin().body(Map.of("name", "Grpc feed " + System.nanoTime())).post("/api/v1/spaces").then().statusCode(201)
                .extract().path("data.id");
    }

    static long head() {
        return ((Number) TestDatabase.rows("SELECT chain_seq FROM audit_chain_heads WHERE chain_id = 'mutations'").get(0)
                .get("chain_seq")).longValue();
    }

    static List<Long> seqsAfter(long seq) {
        return TestDatabase.rows("SELECT chain_seq FROM audit_logs WHERE chain_id = 'mutations' AND chain_seq > ? ORDER BY chain_seq", seq)
                .stream().map(r -> ((Number) r.get("chain_seq")).longValue()).toList();
    }

    static List<Long> seqs(List<Change> changes) {
        return changes.stream().map(Change::getSeq).toList();
    }
}
