package io.plystra.grpc;

import java.util.LinkedHashMap;
import java.util.concurrent.Executor;

import jakarta.inject.Inject;

import io.plystra.audit.ChangeFeed;
import io.plystra.grpc.v1.Change;
import io.plystra.grpc.v1.WatchChangesRequest;
import io.plystra.kernel.CallAccess;
import io.plystra.kernel.RequestInfo;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@code plystra.authz.v1.ChangeService}: the change feed of REST {@code GET /api/v1/changes} through the same
 * {@link ChangeFeed}, so the same permission ({@code audit:read}, narrowed to the caller's spaces), order and
 * cursor. A stream has no heartbeat messages (HTTP/2 keeps it open); a cancelled call ends the feed.
 */
@GrpcService
public class ChangeApi implements io.plystra.grpc.v1.ChangeService {

    static final String PERMISSION = "audit:read";

    @Inject
    CallMetadata call;
    @Inject
    CallAccess access;
    @Inject
    ChangeFeed feed;

    @Override
    public Multi<Change> watchChanges(WatchChangesRequest request) {
        RequestInfo info = call.info();
        String authorization = call.get("authorization");
        Context context = Vertx.currentContext();
        Executor onCall = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Multi.createFrom().deferred(() -> access.admit(info, authorization, PERMISSION).onItem().transformToMulti(caller ->
                        feed.watch(ChangeFeed.query(request.hasAfter() ? request.getAfter() : null,
                                request.getSpaceId().isEmpty() ? null : request.getSpaceId(), new LinkedHashMap<>()))))
                .runSubscriptionOn(onCall)
                .onItem().transformToIterable(batch -> batch)
                .map(ChangeApi::message)
                .onFailure().transform(e -> GrpcErrors.of(e, info.requestId()));
    }

    private static Change message(io.plystra.audit.Change c) {
        return Change.newBuilder().setSeq(c.seq()).setAuditLogId(c.auditLogId()).setAt(c.at().toString()).setAction(c.action())
                .setEntity(orEmpty(c.entity())).setEntityId(orEmpty(c.entityId())).setSpaceId(orEmpty(c.spaceId()))
                .setActorUserId(orEmpty(c.actorUserId())).setAfterJson(String.valueOf(c.after()))
                .setFactsJson(String.valueOf(c.facts())).build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
