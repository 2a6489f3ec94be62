package io.plystra.authz;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.plystra.authz.engine.Decision;
import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /api/v1/authz/check} and {@code /explain}: 200 for allow and deny alike; the decision is
 * in the body, its trace id (and audit row id when it was audited) in the headers. These two also take
 * a service's own key, about that service only ({@link AuthzService#decide}).
 */
@Path("/api/v1/authz")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authorization")
public class AuthzResource {

    static final String TRACE_ID_HEADER = "X-Plystra-Trace-ID";
    static final String AUDIT_LOG_ID_HEADER = "X-Plystra-Audit-Log-ID";

    @Inject
    AuthzService service;
    @Inject
    TimeTravelService timeTravel;

    @POST
    @Path("/check")
    @Requires(value = "authz:check", serviceKeys = true)
    @Operation(summary = "Decide whether an actor may perform an action on a resource")
    public Uni<RestResponse<CheckResult>> check(AuthzRequest body) {
        return service.decide(body).map(d -> answer(d, CheckResult.of(d)));
    }

    @POST
    @Path("/explain")
    @Requires(value = "authz:check", serviceKeys = true)
    @Operation(summary = "Decide as check does and answer the full decision trace; with \"at\", as of that instant (not audited)")
    public Uni<RestResponse<Decision>> explain(AuthzRequest body) {
        return timeTravel.explain(body).map(d -> answer(d, d));
    }

    @POST
    @Path("/batch-check")
    @Requires("authz:check")
    @Operation(summary = "Decide up to PLYSTRA_BATCH_MAX checks at once, one result per item in request order")
    public Uni<BatchCheckResult> batchCheck(BatchCheckRequest body) {
        return service.batch(body);
    }

    @Inject
    ColumnService columns;

    @POST
    @Path("/check-columns")
    @Requires(value = "authz:check", serviceKeys = true)
    @Operation(summary = "Decide the row as check does, then each asked column: allowed, or denied with its code")
    public Uni<RestResponse<ColumnResults.Check>> checkColumns(ColumnsRequest body) {
        return columns.check(body).map(c -> answer(c.traceId(), c.auditLogId(), c));
    }

    @POST
    @Path("/allowed-columns")
    @Requires(value = "authz:check", serviceKeys = true)
    @Operation(summary = "Decide the row as check does, then list every column the actor may use and the groups that grant it")
    public Uni<RestResponse<ColumnResults.Allowed>> allowedColumns(AuthzRequest body) {
        return columns.allowed(body).map(c -> answer(c.traceId(), c.auditLogId(), c));
    }

    @Inject
    LookupService lookups;

    @POST
    @Path("/lookup-resources")
    @Requires("authz:check")
    @Operation(summary = "List, one page at a time, every resource of a type the actor may act on (each one check allows)")
    public Uni<LookupRequests.ResourcesPage> lookupResources(LookupRequests.Resources body) {
        return lookups.resources(body);
    }

    @POST
    @Path("/lookup-members")
    @Requires("authz:check")
    @Operation(summary = "List, one page at a time, the members (with their users) who may act on a resource")
    public Uni<LookupRequests.MembersPage> lookupMembers(LookupRequests.Members body) {
        return lookups.members(body);
    }

    private static <T> RestResponse<T> answer(Decision d, T data) {
        return answer(d.traceId(), d.auditLogId(), data);
    }

    private static <T> RestResponse<T> answer(String traceId, String auditLogId, T data) {
        var response = RestResponse.ResponseBuilder.ok(data).header(TRACE_ID_HEADER, traceId);
        if (auditLogId != null) {
            response.header(AUDIT_LOG_ID_HEADER, auditLogId);
        }
        return response.build();
    }
}
