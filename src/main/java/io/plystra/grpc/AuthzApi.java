package io.plystra.grpc;

import java.util.function.Supplier;

import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Status;
import io.plystra.authz.AuthzRequest;
import io.plystra.authz.AuthzService;
import io.plystra.authz.engine.Decision;
import io.plystra.grpc.v1.BatchCheckRequest;
import io.plystra.grpc.v1.BatchCheckResponse;
import io.plystra.grpc.v1.CheckColumnsRequest;
import io.plystra.grpc.v1.CheckColumnsResponse;
import io.plystra.grpc.v1.CheckRequest;
import io.plystra.grpc.v1.CheckResponse;
import io.plystra.grpc.v1.ExplainResponse;
import io.plystra.grpc.v1.ListAllowedColumnsRequest;
import io.plystra.grpc.v1.ListAllowedColumnsResponse;
import io.plystra.grpc.v1.LookupMembersRequest;
import io.plystra.grpc.v1.LookupMembersResponse;
import io.plystra.grpc.v1.LookupResourcesRequest;
import io.plystra.grpc.v1.LookupResourcesResponse;
import io.plystra.kernel.CallAccess;
import io.plystra.kernel.RequestInfo;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@code plystra.authz.v1.AuthzService} (src/main/proto/plystra/authz/v1/authz.proto): the decisions
 * of REST {@code /api/v1/authz/check} and {@code /explain}, through the same {@link AuthzService},
 * so the same validation, permission ({@code authz:check} in the actor's space) and audit row. The
 * caller authenticates with the metadata {@code authorization: Bearer <token or API key>}, exactly as
 * REST. Batch, lookup and column RPCs are declared in the interface and answer UNIMPLEMENTED.
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
    ObjectMapper json;

    @Override
    public Uni<CheckResponse> check(CheckRequest request) {
        return admitted(() -> authz.decide(body(request)).map(d -> CheckResponse.newBuilder().setAllow(d.allows())
                .setDecision(d.decision()).setDenyCode(d.denyCode() == null ? "" : d.denyCode().name())
                .setReason(orEmpty(d.reason())).setTraceId(d.traceId()).setAuditLogId(orEmpty(d.auditLogId())).build()));
    }

    @Override
    public Uni<ExplainResponse> explain(CheckRequest request) {
        return admitted(() -> authz.decide(body(request)).map(d -> ExplainResponse.newBuilder().setAllow(d.allows())
                .setDecision(d.decision()).setDenyCode(d.denyCode() == null ? "" : d.denyCode().name())
                .setReason(orEmpty(d.reason())).setTraceId(d.traceId()).setAuditLogId(orEmpty(d.auditLogId()))
                .setTraceJson(trace(d)).build()));
    }

    @Override
    public Uni<BatchCheckResponse> batchCheck(BatchCheckRequest request) {
        return unimplemented("BatchCheck");
    }

    @Override
    public Multi<LookupResourcesResponse> lookupResources(LookupResourcesRequest request) {
        return Multi.createFrom().failure(notYet("LookupResources"));
    }

    @Override
    public Uni<LookupMembersResponse> lookupMembers(LookupMembersRequest request) {
        return unimplemented("LookupMembers");
    }

    @Override
    public Uni<CheckColumnsResponse> checkColumns(CheckColumnsRequest request) {
        return unimplemented("CheckColumns");
    }

    @Override
    public Uni<ListAllowedColumnsResponse> listAllowedColumns(ListAllowedColumnsRequest request) {
        return unimplemented("ListAllowedColumns");
    }

    /** The call's body once the caller is admitted as REST admits it; every failure becomes the mapped status. */
    private <T> Uni<T> admitted(Supplier<Uni<T>> body) {
        RequestInfo info = call.info();
        String authorization = call.get("authorization");
        return Uni.createFrom().deferred(() -> access.admit(info, authorization, PERMISSION))
                .flatMap(caller -> Uni.createFrom().<T>deferred(body::get))
                .onFailure().transform(e -> GrpcErrors.of(e, info.requestId()));
    }

    /** The REST body of the same request: absent messages are absent, and empty strings are answered "is required" as there. */
    static AuthzRequest body(CheckRequest r) {
        AuthzRequest.Actor actor = !r.hasActor() ? null : new AuthzRequest.Actor(r.getActor().getUserId(), r.getActor().getMemberId(),
                r.getActor().getUserMemberId(), r.getActor().getSpaceId());
        AuthzRequest.Consistency consistency = !r.hasConsistency() ? null
                : new AuthzRequest.Consistency(r.getConsistency().getAtLeastAsFresh());
        return new AuthzRequest(actor, r.getResourceType(), r.getResourceId(), r.getAction(), consistency);
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

    private static <T> Uni<T> unimplemented(String rpc) {
        return Uni.createFrom().failure(notYet(rpc));
    }

    private static RuntimeException notYet(String rpc) {
        return Status.UNIMPLEMENTED.withDescription(rpc + " is declared in plystra.authz.v1 and not served yet").asRuntimeException();
    }
}
