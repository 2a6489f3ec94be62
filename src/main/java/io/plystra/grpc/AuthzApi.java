package io.plystra.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.plystra.authz.AuthzRequest;
import io.plystra.authz.AuthzService;
import io.plystra.authz.ColumnService;
import io.plystra.authz.ColumnsRequest;
import io.plystra.authz.BatchCheckResult;
import io.plystra.authz.CheckResult;
import io.plystra.authz.LookupRequests;
import io.plystra.authz.LookupService;
import io.plystra.authz.engine.Decision;
import io.plystra.grpc.v1.Actor;
import io.plystra.grpc.v1.BatchCheckItem;
import io.plystra.grpc.v1.BatchCheckRequest;
import io.plystra.grpc.v1.BatchCheckResponse;
import io.plystra.grpc.v1.CheckColumnsRequest;
import io.plystra.grpc.v1.CheckColumnsResponse;
import io.plystra.grpc.v1.AllowedColumn;
import io.plystra.grpc.v1.ColumnDecision;
import io.plystra.grpc.v1.CheckRequest;
import io.plystra.grpc.v1.CheckResponse;
import io.plystra.grpc.v1.Consistency;
import io.plystra.grpc.v1.ExplainResponse;
import io.plystra.grpc.v1.ItemError;
import io.plystra.grpc.v1.ListAllowedColumnsRequest;
import io.plystra.grpc.v1.ListAllowedColumnsResponse;
import io.plystra.grpc.v1.LookupMembersRequest;
import io.plystra.grpc.v1.LookupMembersResponse;
import io.plystra.grpc.v1.LookupResourcesRequest;
import io.plystra.grpc.v1.LookupResourcesResponse;
import io.plystra.grpc.v1.MemberRef;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.CallAccess;
import io.plystra.kernel.RequestInfo;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@code plystra.authz.v1.AuthzService} (src/main/proto/plystra/authz/v1/authz.proto): the decisions
 * of REST {@code /api/v1/authz/check}, {@code /explain}, {@code /batch-check}, {@code /lookup-resources}
 * and {@code /lookup-members}, through the same {@link AuthzService} and {@link LookupService}, so the
 * same validation, permission ({@code authz:check} in the actor's or resource's space) and audit rows.
 * The caller authenticates with the metadata {@code authorization: Bearer <token or API key>}, exactly
 * as REST; a service's own key is admitted by Check, Explain, CheckColumns and ListAllowedColumns only, about itself, as by their REST routes.
 * The column RPCs are declared in the interface and answer UNIMPLEMENTED.
 */
@GrpcService
public class AuthzApi implements io.plystra.grpc.v1.AuthzService {

    static final String PERMISSION = "authz:check";

    @Inject
    CallMetadata call;
    @Inject
    CallAccess access;
    @Inject
    AuthzService authz;
    @Inject
    LookupService lookups;
    @Inject
    ColumnService columns;
    @Inject
    ObjectMapper json;

    @Override
    public Uni<CheckResponse> check(CheckRequest request) {
        return admitted(true, () -> authz.decide(body(request)).map(d -> CheckResponse.newBuilder().setAllow(d.allows())
                .setDecision(d.decision()).setDenyCode(d.denyCode() == null ? "" : d.denyCode().name())
                .setReason(orEmpty(d.reason())).setTraceId(d.traceId()).setAuditLogId(orEmpty(d.auditLogId())).build()));
    }

    @Override
    public Uni<ExplainResponse> explain(CheckRequest request) {
        return admitted(true, () -> authz.decide(body(request)).map(d -> ExplainResponse.newBuilder().setAllow(d.allows())
                .setDecision(d.decision()).setDenyCode(d.denyCode() == null ? "" : d.denyCode().name())
                .setReason(orEmpty(d.reason())).setTraceId(d.traceId()).setAuditLogId(orEmpty(d.auditLogId()))
                .setTraceJson(trace(d)).build()));
    }

    @Override
    public Uni<BatchCheckResponse> batchCheck(BatchCheckRequest request) {
        return admitted(() -> authz.batch(body(request)).map(this::batchAnswer));
    }

    /**
     * Every page from the request's cursor to the end, one message per page, each page the REST route's
     * page (its own audit row). Each page is read after the previous one is answered, on the call's Vert.x
     * context (where the request context lives). Quarkus subscribes to the whole stream at once (the
     * client's flow control does not pace it); a cancelled call cancels the walk before its next page.
     */
    @Override
    public Multi<LookupResourcesResponse> lookupResources(LookupResourcesRequest request) {
        RequestInfo info = call.info();
        String authorization = call.get("authorization");
        Context context = Vertx.currentContext();
        Executor onCall = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        AtomicReference<String> cursor = new AtomicReference<>(emptyToNull(request.getCursor()));
        return Uni.createFrom().deferred(() -> access.admit(info, authorization, PERMISSION))
                .onItem().transformToMulti(caller -> Uni.createFrom()
                        .deferred(() -> lookups.resources(body(request, cursor.get())))
                        .runSubscriptionOn(onCall)
                        .invoke(page -> cursor.set(page.nextCursor()))
                        .repeat().whilst(page -> page.nextCursor() != null))
                .map(AuthzApi::page)
                .onFailure().transform(e -> GrpcErrors.of(e, info.requestId()));
    }

    @Override
    public Uni<LookupMembersResponse> lookupMembers(LookupMembersRequest request) {
        return admitted(() -> lookups.members(body(request)).map(AuthzApi::page));
    }

    @Override
    public Uni<CheckColumnsResponse> checkColumns(CheckColumnsRequest request) {
        return admitted(true, () -> columns.check(body(request)).map(c -> {
            CheckColumnsResponse.Builder out = CheckColumnsResponse.newBuilder().setAllow(c.allow()).setDecision(c.decision())
                    .setDenyCode(c.denyCode() == null ? "" : c.denyCode().name()).setReason(orEmpty(c.reason()))
                    .setAllowAll(c.allowAll()).setTraceId(c.traceId()).setAuditLogId(orEmpty(c.auditLogId()));
            Map<String, String> denied = new HashMap<>();
            c.denied().forEach(d -> denied.put(d.column(), d.denyCode().name()));
            for (String column : new LinkedHashSet<>(request.getColumnsList())) {
                String code = denied.get(column);
                out.addColumns(ColumnDecision.newBuilder().setColumn(column).setAllow(code == null).setDenyCode(orEmpty(code)));
            }
            return out.build();
        }));
    }

    @Override
    public Uni<ListAllowedColumnsResponse> listAllowedColumns(ListAllowedColumnsRequest request) {
        return admitted(true, () -> columns.allowed(body(request)).map(c -> {
            ListAllowedColumnsResponse.Builder out = ListAllowedColumnsResponse.newBuilder().setAllow(c.allow())
                    .setDecision(c.decision()).setDenyCode(c.denyCode() == null ? "" : c.denyCode().name())
                    .setReason(orEmpty(c.reason())).setAllowAll(c.allowAll()).setTraceId(c.traceId())
                    .setAuditLogId(orEmpty(c.auditLogId()));
            c.columns().forEach(a -> out.addColumns(a.column())
                    .addAllowed(AllowedColumn.newBuilder().setColumn(a.column()).addAllGroups(a.groups())));
            return out.build();
        }));
    }

    /** The call's body once the caller is admitted as REST admits it; every failure becomes the mapped status. */
    private <T> Uni<T> admitted(Supplier<Uni<T>> body) {
        return admitted(false, body);
    }

    /** @param serviceKeys whether a service's own key is admitted (the single-decision RPCs, as their REST routes) */
    private <T> Uni<T> admitted(boolean serviceKeys, Supplier<Uni<T>> body) {
        RequestInfo info = call.info();
        String authorization = call.get("authorization");
        return Uni.createFrom().deferred(() -> access.admit(info, authorization, PERMISSION, serviceKeys))
                .flatMap(caller -> Uni.createFrom().<T>deferred(body::get))
                .onFailure().transform(e -> GrpcErrors.of(e, info.requestId()));
    }

    /** The REST body of the same request: absent messages are absent, and empty strings are answered "is required" as there. */
    static AuthzRequest body(CheckRequest r) {
        return new AuthzRequest(r.hasActor() ? actor(r.getActor()) : null, r.getResourceType(), r.getResourceId(), r.getAction(),
                r.hasConsistency() ? consistency(r.getConsistency()) : null, Structs.json(r.hasContext(), r.getContext()),
                Structs.json(r.hasResourceAttributes(), r.getResourceAttributes()));
    }

    /** The REST {@code consistency} of a message: its empty strings and unset {@code max_ms} are "not sent". */
    static AuthzRequest.Consistency consistency(Consistency c) {
        return new AuthzRequest.Consistency(emptyToNull(c.getMode()), emptyToNull(c.getToken()),
                c.hasMaxMs() ? c.getMaxMs() : null, emptyToNull(c.getAtLeastAsFresh()));
    }

    static ColumnsRequest body(CheckColumnsRequest r) {
        return new ColumnsRequest(r.hasActor() ? actor(r.getActor()) : null, r.getResourceType(), r.getResourceId(), r.getAction(),
                r.getColumnsList(), r.hasConsistency() ? consistency(r.getConsistency()) : null,
                Structs.json(r.hasContext(), r.getContext()), Structs.json(r.hasResourceAttributes(), r.getResourceAttributes()));
    }

    static AuthzRequest body(ListAllowedColumnsRequest r) {
        return new AuthzRequest(r.hasActor() ? actor(r.getActor()) : null, r.getResourceType(), r.getResourceId(), r.getAction(),
                r.hasConsistency() ? consistency(r.getConsistency()) : null, Structs.json(r.hasContext(), r.getContext()),
                Structs.json(r.hasResourceAttributes(), r.getResourceAttributes()));
    }

    /**
     * The REST body of a batch: each item as the JSON object REST would read, so that the same code
     * validates it and a malformed item fails only itself. Empty strings are sent as such ("is required").
     */
    io.plystra.authz.BatchCheckRequest body(BatchCheckRequest r) {
        List<JsonNode> items = new ArrayList<>(r.getItemsCount());
        for (BatchCheckItem item : r.getItemsList()) {
            ObjectNode node = json.createObjectNode();
            if (item.hasActor()) {
                node.set("actor", json.valueToTree(actor(item.getActor())));
            }
            node.put("resource_type", item.getResourceType());
            node.put("resource_id", item.getResourceId());
            node.put("action", item.getAction());
            if (item.hasContext()) {
                // Not accepted by REST either: the shared code answers it "unknown field" for this item.
                node.set("context", json.createObjectNode());
            }
            items.add(node);
        }
        return new io.plystra.authz.BatchCheckRequest(r.hasActor() ? actor(r.getActor()) : null, items,
                r.hasConsistency() ? consistency(r.getConsistency()) : null);
    }

    private BatchCheckResponse batchAnswer(BatchCheckResult answer) {
        BatchCheckResponse.Builder out = BatchCheckResponse.newBuilder();
        for (Object result : answer.results()) {
            io.plystra.grpc.v1.BatchCheckResult.Builder one = io.plystra.grpc.v1.BatchCheckResult.newBuilder();
            if (result instanceof CheckResult c) {
                one.setCheck(CheckResponse.newBuilder().setAllow(c.allow()).setDecision(c.decision())
                        .setDenyCode(c.denyCode() == null ? "" : c.denyCode().name()).setReason(orEmpty(c.reason()))
                        .setTraceId(c.traceId()).setAuditLogId(orEmpty(c.auditLogId())));
            } else if (result instanceof BatchCheckResult.Failed f) {
                ItemError.Builder error = ItemError.newBuilder().setCode(f.error().code()).setMessage(orEmpty(f.error().message()));
                if (f.error().details() != null) {
                    error.setDetails(Structs.of(f.error().details()));
                }
                one.setError(error);
            } else {
                throw new IllegalStateException("a batch result that is neither a check answer nor an error: " + result);
            }
            out.addResults(one);
        }
        return out.build();
    }

    /** The REST body of one lookup-resources page starting after {@code cursor} (null: the start). */
    static LookupRequests.Resources body(LookupResourcesRequest r, String cursor) {
        if (r.hasContext()) {
            throw ApiException.validation("context", "unknown field");
        }
        return new LookupRequests.Resources(r.hasActor() ? actor(r.getActor()) : null, r.getResourceType(), r.getAction(),
                pageSize(r.getPageSize()), cursor, r.hasConsistency() ? consistency(r.getConsistency()) : null);
    }

    static LookupRequests.Members body(LookupMembersRequest r) {
        return new LookupRequests.Members(emptyToNull(r.getSpaceId()), r.getResourceType(), r.getResourceId(), r.getAction(),
                pageSize(r.getPageSize()), emptyToNull(r.getCursor()), r.hasConsistency() ? consistency(r.getConsistency()) : null);
    }

    private static LookupResourcesResponse page(LookupRequests.ResourcesPage p) {
        return LookupResourcesResponse.newBuilder().addAllResourceIds(p.resourceIds()).setNextCursor(orEmpty(p.nextCursor()))
                .setAuditLogId(orEmpty(p.auditLogId())).setDenyCode(orEmpty(p.denyCode())).setReason(orEmpty(p.reason()))
                .setTraceId(orEmpty(p.traceId())).setHasMore(p.hasMore()).build();
    }

    /** REST's members, each with its users, flattened to one {@link MemberRef} per (member, binding) in the same order. */
    private static LookupMembersResponse page(LookupRequests.MembersPage p) {
        LookupMembersResponse.Builder out = LookupMembersResponse.newBuilder();
        for (LookupRequests.MemberEntry m : p.members()) {
            if (m.serviceId() != null) {
                out.addMembers(MemberRef.newBuilder().setMemberId(m.id()).setServiceId(m.serviceId())
                        .setKind(LookupRequests.MemberEntry.SERVICE).setSpaceId(orEmpty(p.spaceId()))
                        .setDisplayName(orEmpty(m.displayName())));
            }
            for (LookupRequests.UserEntry u : m.users()) {
                out.addMembers(MemberRef.newBuilder().setMemberId(m.id()).setUserId(u.userId()).setUserMemberId(u.userMemberId())
                        .setSpaceId(orEmpty(p.spaceId())).setDisplayName(orEmpty(m.displayName()))
                        .setKind(LookupRequests.MemberEntry.USER));
            }
        }
        return out.setNextCursor(orEmpty(p.nextCursor())).setSpaceId(orEmpty(p.spaceId())).setDenyCode(orEmpty(p.denyCode()))
                .setReason(orEmpty(p.reason())).setTraceId(orEmpty(p.traceId())).setAuditLogId(orEmpty(p.auditLogId()))
                .setHasMore(p.hasMore()).build();
    }

    /**
     * The REST actor of a message. The human tuple keeps its empty strings (answered "is required" as REST);
     * a non-empty {@code service_id} is the service form, whose unused fields are absent when left empty.
     */
    static AuthzRequest.Actor actor(Actor a) {
        if (a.getServiceId().isEmpty()) {
            return new AuthzRequest.Actor(a.getUserId(), a.getMemberId(), a.getUserMemberId(), a.getSpaceId(), null);
        }
        return new AuthzRequest.Actor(emptyToNull(a.getUserId()), a.getMemberId(), emptyToNull(a.getUserMemberId()),
                a.getSpaceId(), a.getServiceId());
    }

    /** proto3 has no absent int: 0 is "not sent" (the REST default); any other value is validated as REST validates it. */
    private static Integer pageSize(int size) {
        return size == 0 ? null : size;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The decision with its trace, as REST {@code /authz/explain} writes it in {@code data}. */
    private String trace(Decision d) {
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the decision trace cannot be written as JSON", e);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

}
