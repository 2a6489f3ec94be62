package io.plystra.audit;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Read-only audit routes (core-api.md section 5): no route changes or deletes an audit row. The
 * space's own list is {@link SpaceAuditResource}.
 */
@Path("/api/v1/audit/logs")
@Produces(MediaType.APPLICATION_JSON)
public class AuditQueryResource {

    private final AuditQueryService service;

    public AuditQueryResource(AuditQueryService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<AuditLogView>>> list(@Context UriInfo uri, RoutingContext ctx) {
        var query = uri.getQueryParameters();
        AuditFilter filter = AuditFilter.parse(query);
        PageRequest page = PageRequest.parse(query.getFirst("limit"), query.getFirst("cursor"));
        return service.list(Caller.of(ctx), page, filter).map(p -> ApiResponse.page(p, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<AuditLogDetail>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(d -> ApiResponse.of(d, RequestInfo.of(ctx).requestId()));
    }
}
