package io.plystra.grpc;

import static io.plystra.testsupport.Api.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.grpc.v1.Actor;
import io.plystra.grpc.v1.AuthzServiceGrpc;
import io.plystra.grpc.v1.BatchCheckItem;
import io.plystra.grpc.v1.BatchCheckRequest;
import io.plystra.grpc.v1.BatchCheckResponse;
import io.plystra.grpc.v1.BatchCheckResult;
import io.plystra.grpc.v1.LookupMembersRequest;
import io.plystra.grpc.v1.LookupMembersResponse;
import io.plystra.grpc.v1.LookupResourcesRequest;
import io.plystra.grpc.v1.LookupResourcesResponse;
import io.plystra.grpc.v1.MemberRef;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * BatchCheck, LookupResources (server-streaming, every page to the end) and LookupMembers over a real
 * grpc-java channel, each compared with the REST route it shares its code with: the same answers, the
 * same item-level errors, the same audit rows, and the mapped error statuses.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class AuthzGrpcBatchLookupTest {

    static final Actor ALICE = AuthzGrpcApiTest.ALICE;
    static final Actor BOB = Actor.newBuilder().setUserId("user_bob").setMemberId("member_finance_reviewer")
            .setUserMemberId("um_bob_finance_reviewer").setSpaceId("space_acme").build();

    AuthzServiceGrpc.AuthzServiceBlockingStub stub;
    AuthzServiceGrpc.AuthzServiceBlockingStub anonymous;

    @BeforeEach
    void stubs(GrpcServer server) {
        stub = AuthzServiceGrpc.newBlockingStub(GrpcChannel.to(server));
        anonymous = GrpcChannel.with(stub, Map.of());
    }

    /** Alice (super admin of the test database) with this request id, so the audit rows of one call can be found. */
    AuthzServiceGrpc.AuthzServiceBlockingStub asAlice(String requestId) {
        return GrpcChannel.with(stub, Map.of("authorization", "Bearer " + Api.login(Api.ALICE), "x-request-id", requestId));
    }

    static Map<String, Object> json(Actor a) {
        return Map.of("user_id", a.getUserId(), "member_id", a.getMemberId(), "user_member_id", a.getUserMemberId(),
                "space_id", a.getSpaceId());
    }

    static BatchCheckItem item(String id, String action) {
        return BatchCheckItem.newBuilder().setResourceType("invoice").setResourceId(id).setAction(action).build();
    }

    /** The REST item of a gRPC item: empty strings are left out (REST answers both "is required"). */
    static Map<String, Object> json(BatchCheckItem i) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (i.hasActor()) {
            out.put("actor", json(i.getActor()));
        }
        if (!i.getResourceType().isEmpty()) {
            out.put("resource_type", i.getResourceType());
        }
        if (!i.getResourceId().isEmpty()) {
            out.put("resource_id", i.getResourceId());
        }
        if (!i.getAction().isEmpty()) {
            out.put("action", i.getAction());
        }
        if (i.hasContext()) {
            out.put("context", Map.of("amount", 10));
        }
        return out;
    }

    @Test
    void batchCheckAnswersWhatRestAnswersItemByItemWithItsAuditRows() {
        List<BatchCheckItem> items = List.of(
                item("invoice_001", "approve"),
                item("invoice_002", "approve"),
                item("invoice_001", "approve").toBuilder().setActor(BOB).build(),
                item("invoice_001", "reject"),
                item("invoice_404", "approve"),
                BatchCheckItem.newBuilder().setResourceType("invoice").setAction("approve").build(),
                item("invoice_001", "approve").toBuilder().setActor(Actor.newBuilder().setUserId("user_alice")).build(),
                item("invoice_001", "approve").toBuilder().setContext(Struct.newBuilder()
                        .putFields("amount", Value.newBuilder().setNumberValue(10).build())).build());
        String requestId = "grpc-batch-" + System.nanoTime();
        BatchCheckResponse grpc = asAlice(requestId).batchCheck(BatchCheckRequest.newBuilder().setActor(ALICE).addAllItems(items).build());
        Response rest = asAdmin().body(Map.of("actor", json(ALICE), "items", items.stream().map(AuthzGrpcBatchLookupTest::json).toList()))
                .post("/api/v1/authz/batch-check");
        rest.then().statusCode(200);

        assertEquals(items.size(), grpc.getResultsCount());
        int decided = 0;
        for (int i = 0; i < items.size(); i++) {
            BatchCheckResult g = grpc.getResults(i);
            String at = "data.results[" + i + "]";
            if (rest.path(at + ".error") != null) {
                assertEquals(BatchCheckResult.OutcomeCase.ERROR, g.getOutcomeCase(), "item " + i);
                assertEquals((Object) rest.path(at + ".error.code"), g.getError().getCode(), "item " + i);
                assertEquals((Object) rest.path(at + ".error.message"), g.getError().getMessage(), "item " + i);
                Map<String, Object> fields = rest.path(at + ".error.details.fields");
                Struct grpcFields = g.getError().getDetails().getFieldsOrThrow("fields").getStructValue();
                assertEquals(fields.keySet(), grpcFields.getFieldsMap().keySet(), "item " + i);
                fields.forEach((k, v) -> assertEquals(v, grpcFields.getFieldsOrThrow(k).getStringValue()));
                continue;
            }
            decided++;
            assertEquals(BatchCheckResult.OutcomeCase.CHECK, g.getOutcomeCase(), "item " + i);
            var c = g.getCheck();
            assertEquals((Object) rest.path(at + ".decision"), c.getDecision(), "item " + i);
            assertEquals((Object) rest.path(at + ".allow"), c.getAllow(), "item " + i);
            assertEquals((Object) rest.path(at + ".deny_code"), c.getDenyCode().isEmpty() ? null : c.getDenyCode(), "item " + i);
            assertEquals((Object) rest.path(at + ".reason"), c.getReason().isEmpty() ? null : c.getReason(), "item " + i);
            assertTrue(c.getTraceId().startsWith("trc_"));
            var row = TestDatabase.rows("SELECT resource_id, action, decision, actor_user_id, request_id FROM audit_logs WHERE id = ?",
                    c.getAuditLogId()).get(0);
            assertEquals(items.get(i).getResourceId(), row.get("resource_id"));
            assertEquals(items.get(i).getAction(), row.get("action"));
            assertEquals(c.getDecision(), row.get("decision"));
            assertEquals(i == 2 ? "user_bob" : "user_alice", row.get("actor_user_id"));
            assertEquals(requestId, row.get("request_id"));
        }
        assertEquals(5, decided);
        // The item-level errors: a missing field, a malformed actor, a context (not accepted, as on REST).
        assertEquals("is required", grpc.getResults(5).getError().getDetails().getFieldsOrThrow("fields").getStructValue()
                .getFieldsOrThrow("resource_id").getStringValue());
        assertEquals("unknown field", grpc.getResults(7).getError().getDetails().getFieldsOrThrow("fields").getStructValue()
                .getFieldsOrThrow("context").getStringValue());
        assertEquals(5, TestDatabase.rows("SELECT id FROM audit_logs WHERE request_id = ?", requestId).size(),
                "one audit row per decided item, none for a failed item");
    }

    @Test
    void batchCheckErrorsAreTheMappedStatuses() {
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
                () -> anonymous.batchCheck(BatchCheckRequest.newBuilder().setActor(ALICE).addItems(item("invoice_001", "approve")).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                () -> asAlice("grpc-batch-empty").batchCheck(BatchCheckRequest.newBuilder().setActor(ALICE).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
        assertEquals("VALIDATION_FAILED: invalid field items: must be an array of 1 to 100 items", empty.getStatus().getDescription());
        List<BatchCheckItem> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(item("invoice_001", "approve"));
        }
        assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
                () -> asAlice("grpc-batch-many").batchCheck(BatchCheckRequest.newBuilder().setActor(ALICE).addAllItems(tooMany).build()))
                .getStatus().getCode());
        StatusRuntimeException badActor = assertThrows(StatusRuntimeException.class, () -> asAlice("grpc-batch-actor").batchCheck(
                BatchCheckRequest.newBuilder().setActor(Actor.newBuilder().setUserId("user_alice")).addItems(item("invoice_001", "approve")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badActor.getStatus().getCode());
        assertTrue(badActor.getStatus().getDescription().startsWith("VALIDATION_FAILED: invalid field actor."),
                badActor.getStatus().getDescription());
    }

    /** {@link io.plystra.testsupport.WalkSpace} bound to a user of its own, plus a second member with the same role. */
    static Actor walkSpace(String tag, List<String> expected) {
        String space = "space_" + tag;
        // Users of their own: binding the demo users into more spaces would change what their logins answer elsewhere.
        TestDatabase.update("INSERT INTO users (id, email) VALUES (?, ?), (?, ?)", "u_" + tag, tag + "@example.test",
                "u2_" + tag, tag + ".second@example.test");
        expected.addAll(io.plystra.testsupport.WalkSpace.create(tag, "u_" + tag));
        // A second member with the same role, so that lookup-members has several pages at page size 1.
        TestDatabase.update("INSERT INTO members (id, space_id, display_name) VALUES (?, ?, 'Second')", "m2_" + tag, space);
        TestDatabase.update("INSERT INTO user_members (id, space_id, user_id, member_id, relation_type) VALUES (?, ?, ?, ?, 'login')",
                "um2_" + tag, space, "u2_" + tag, "m2_" + tag);
        TestDatabase.update("INSERT INTO member_roles (id, space_id, member_id, role_id) VALUES (?, ?, ?, ?)", "mr2_" + tag, space, "m2_" + tag, "r_" + tag);
        return Actor.newBuilder().setUserId("u_" + tag).setMemberId("m_" + tag).setUserMemberId("um_" + tag).setSpaceId(space).build();
    }

    static List<LookupResourcesResponse> all(Iterator<LookupResourcesResponse> stream) {
        List<LookupResourcesResponse> out = new ArrayList<>();
        stream.forEachRemaining(out::add);
        return out;
    }

    @Test
    void lookupResourcesStreamsEveryPageTheRestWalkAnswersEachWithItsAuditRow() {
        String tag = "gw" + System.nanoTime();
        List<String> expected = new ArrayList<>();
        Actor walker = walkSpace(tag, expected);

        // REST: follow next_cursor page by page.
        List<String> restIds = new ArrayList<>();
        List<String> restCursors = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("actor", json(walker), "resource_type", "invoice", "action", "approve",
                    "page_size", 10));
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            Response r = asAdmin().body(body).post("/api/v1/authz/lookup-resources");
            r.then().statusCode(200);
            restIds.addAll(r.path("data.resource_ids"));
            cursor = r.path("data.next_cursor");
            restCursors.add(cursor == null ? "" : cursor);
        } while (cursor != null && restCursors.size() < 10);
        assertEquals(expected, restIds);
        assertEquals(3, restCursors.size());

        // gRPC: one call, one message per page, until the end.
        String requestId = "grpc-walk-" + tag;
        LookupResourcesRequest request = LookupResourcesRequest.newBuilder().setActor(walker).setResourceType("invoice").setAction("approve")
                .setPageSize(10).build();
        List<LookupResourcesResponse> pages = all(asAlice(requestId).lookupResources(request));
        assertEquals(3, pages.size(), "one message per page");
        List<String> grpcIds = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            LookupResourcesResponse p = pages.get(i);
            grpcIds.addAll(p.getResourceIdsList());
            assertEquals(restCursors.get(i), p.getNextCursor(), "page " + i + ": the same cursors as REST (resumable)");
            assertEquals(i < 2, p.getHasMore());
            assertEquals("", p.getDenyCode());
            assertTrue(p.getTraceId().startsWith("trc_"));
            var row = TestDatabase.rows("SELECT action, resource_id, decision, space_id, request_id, "
                    + "plystra_expand_trace(trace)->>'count' AS count FROM audit_logs WHERE id = ?", p.getAuditLogId()).get(0);
            assertEquals("lookup", row.get("action"));
            assertEquals("*", row.get("resource_id"));
            assertEquals("allow", row.get("decision"));
            assertEquals(walker.getSpaceId(), row.get("space_id"));
            assertEquals(requestId, row.get("request_id"));
            assertEquals(String.valueOf(p.getResourceIdsCount()), row.get("count"));
        }
        assertEquals(restIds, grpcIds, "exactly the ids of the REST walk, in order, nothing repeated or cut");
        assertEquals(3, TestDatabase.rows("SELECT id FROM audit_logs WHERE request_id = ? AND action = 'lookup'", requestId).size(),
                "one audit row per page");

        // Resumed from the first message's cursor: the rest of the walk.
        List<LookupResourcesResponse> rest = all(asAlice(requestId + "-resumed").lookupResources(
                request.toBuilder().setCursor(pages.get(0).getNextCursor()).build()));
        assertEquals(2, rest.size());
        assertEquals(restIds.subList(pages.get(0).getResourceIdsCount(), restIds.size()),
                rest.stream().flatMap(p -> p.getResourceIdsList().stream()).toList());
    }

    @Test
    void lookupResourcesDeniedIsOneEmptyMessageWithTheDenyCode() {
        List<LookupResourcesResponse> pages = all(asAlice("grpc-lookup-deny").lookupResources(LookupResourcesRequest.newBuilder()
                .setActor(ALICE).setResourceType("invoice").setAction("reject").build()));
        assertEquals(1, pages.size());
        assertEquals("NO_MATCHING_PERMISSION", pages.get(0).getDenyCode());
        assertEquals(0, pages.get(0).getResourceIdsCount());
        assertEquals("", pages.get(0).getNextCursor());
        var restPage = asAdmin().body(Map.of("actor", json(ALICE), "resource_type", "invoice", "action", "reject"))
                .post("/api/v1/authz/lookup-resources").then().statusCode(200).extract().jsonPath();
        assertEquals(restPage.getString("data.reason"), pages.get(0).getReason());

        List<String> aliceRest = asAdmin().body(Map.of("actor", json(ALICE), "resource_type", "invoice", "action", "approve"))
                .post("/api/v1/authz/lookup-resources").then().statusCode(200).extract().path("data.resource_ids");
        List<LookupResourcesResponse> alicePages = all(asAlice("grpc-lookup-alice").lookupResources(LookupResourcesRequest.newBuilder()
                .setActor(ALICE).setResourceType("invoice").setAction("approve").build()));
        assertEquals(aliceRest, alicePages.stream().flatMap(p -> p.getResourceIdsList().stream()).toList());
    }

    @Test
    void lookupErrorsAreTheMappedStatuses() {
        LookupResourcesRequest good = LookupResourcesRequest.newBuilder().setActor(ALICE).setResourceType("invoice").setAction("approve").build();
        Map<String, Executable> cases = new LinkedHashMap<>();
        cases.put("UNAUTHENTICATED", () -> all(anonymous.lookupResources(good)));
        cases.put("INVALID_ARGUMENT: invalid field action: is required",
                () -> all(asAlice("grpc-lookup-bad").lookupResources(good.toBuilder().clearAction().build())));
        cases.put("INVALID_ARGUMENT: invalid field page_size: must be a whole number from 1 to 1000",
                () -> all(asAlice("grpc-lookup-bad").lookupResources(good.toBuilder().setPageSize(-1).build())));
        cases.put("INVALID_ARGUMENT: invalid field cursor: is not a cursor this lookup issued",
                () -> all(asAlice("grpc-lookup-bad").lookupResources(good.toBuilder().setCursor("not-a-cursor").build())));
        cases.put("INVALID_ARGUMENT: invalid field context: unknown field",
                () -> all(asAlice("grpc-lookup-bad").lookupResources(good.toBuilder().setContext(Struct.getDefaultInstance()).build())));
        cases.put("UNAUTHENTICATED ", () -> anonymous.lookupMembers(LookupMembersRequest.newBuilder().setResourceType("invoice")
                .setResourceId("invoice_001").setAction("approve").build()));
        cases.put("INVALID_ARGUMENT: invalid field resource_id: is required", () -> asAlice("grpc-members-bad").lookupMembers(
                LookupMembersRequest.newBuilder().setResourceType("invoice").setAction("approve").build()));
        cases.put("NOT_FOUND: resource", () -> asAlice("grpc-members-404").lookupMembers(LookupMembersRequest.newBuilder()
                .setResourceType("invoice").setResourceId("invoice_nowhere").setAction("approve").build()));
        cases.forEach((expected, call) -> {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call, expected);
            String code = expected.split("[: ]")[0];
            assertEquals(Status.Code.valueOf(code), e.getStatus().getCode(), expected);
            if (expected.startsWith("INVALID_ARGUMENT: ")) {
                assertEquals("VALIDATION_FAILED: " + expected.substring("INVALID_ARGUMENT: ".length()), e.getStatus().getDescription());
            }
        });
        assertEquals(0, TestDatabase.rows("SELECT id FROM audit_logs WHERE request_id = 'grpc-lookup-bad'").size(),
                "a refused request writes no audit row");
    }

    /** REST's members, each with its users, flattened as the gRPC answer lists them. */
    static List<String> flat(Response r) {
        List<String> out = new ArrayList<>();
        List<Map<String, Object>> members = r.path("data.members");
        for (Map<String, Object> m : members) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> users = (List<Map<String, Object>>) m.get("users");
            if (users.isEmpty()) { // a service's member: no user, as gRPC lists it
                out.add(m.get("id") + "///" + r.path("data.space_id") + "/" + m.get("display_name"));
            }
            for (Map<String, Object> u : users) {
                out.add(m.get("id") + "/" + u.get("user_id") + "/" + u.get("user_member_id") + "/" + r.path("data.space_id") + "/"
                        + m.get("display_name"));
            }
        }
        return out;
    }

    static List<String> flat(LookupMembersResponse g) {
        List<String> out = new ArrayList<>();
        for (MemberRef m : g.getMembersList()) {
            out.add(m.getMemberId() + "/" + m.getUserId() + "/" + m.getUserMemberId() + "/" + m.getSpaceId() + "/" + m.getDisplayName());
        }
        return out;
    }

    @Test
    void lookupMembersAnswersWhatRestAnswersPageByPage() {
        for (String id : List.of("invoice_001", "invoice_002")) {
            String requestId = "grpc-members-" + id + "-" + System.nanoTime();
            LookupMembersResponse g = asAlice(requestId).lookupMembers(LookupMembersRequest.newBuilder().setResourceType("invoice")
                    .setResourceId(id).setAction("approve").setSpaceId("space_acme").build());
            Response r = asAdmin().body(Map.of("resource_type", "invoice", "resource_id", id, "action", "approve", "space_id", "space_acme"))
                    .post("/api/v1/authz/lookup-members");
            r.then().statusCode(200);
            assertEquals(flat(r), flat(g), id);
            assertEquals(id.equals("invoice_001"), !g.getMembersList().isEmpty(), id + ": " + flat(g));
            assertEquals("space_acme", g.getSpaceId());
            assertEquals("", g.getDenyCode());
            var row = TestDatabase.rows("SELECT action, resource_id, space_id, request_id FROM audit_logs WHERE id = ?", g.getAuditLogId()).get(0);
            assertEquals("lookup", row.get("action"));
            assertEquals(id, row.get("resource_id"));
            assertEquals(requestId, row.get("request_id"));
        }
        // Page by page (one member a page), the same pages as REST.
        String space = walkSpace("gm" + System.nanoTime(), new ArrayList<>()).getSpaceId();
        List<String> restWalk = new ArrayList<>();
        List<String> grpcWalk = new ArrayList<>();
        String restCursor = null;
        String grpcCursor = "";
        int pages = 0;
        do {
            Map<String, Object> body = new HashMap<>(Map.of("resource_type", "invoice", "resource_id", "inv_03", "action", "approve",
                    "space_id", space, "page_size", 1));
            if (restCursor != null) {
                body.put("cursor", restCursor);
            }
            Response r = asAdmin().body(body).post("/api/v1/authz/lookup-members");
            restWalk.addAll(flat(r));
            restCursor = r.path("data.next_cursor");
            LookupMembersResponse g = asAlice("grpc-members-walk").lookupMembers(LookupMembersRequest.newBuilder().setResourceType("invoice")
                    .setResourceId("inv_03").setAction("approve").setSpaceId(space).setPageSize(1).setCursor(grpcCursor).build());
            grpcWalk.addAll(flat(g));
            grpcCursor = g.getNextCursor();
            assertEquals(restCursor == null ? "" : restCursor, grpcCursor);
            assertEquals(restCursor != null, g.getHasMore());
            pages++;
        } while (restCursor != null && pages < 50);
        assertEquals(2, pages);
        assertEquals(restWalk, grpcWalk);
        assertEquals(2, grpcWalk.size(), grpcWalk.toString());
        // A resource nobody may act on: the deny code, no error.
        LookupMembersResponse none = asAlice("grpc-members-none").lookupMembers(LookupMembersRequest.newBuilder().setResourceType("contract")
                .setResourceId("invoice_001").setAction("approve").setSpaceId("space_acme").build());
        assertEquals(0, none.getMembersCount());
        assertFalse(none.getDenyCode().isEmpty());
    }
}
