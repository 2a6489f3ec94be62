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

/** {@code GET /spaces/{space_id}/audit/logs}: the audit list of one space (its own root path, under the space routes). */
@Path("/api/v1/spaces/{space_id}/audit/logs")
@Produces(MediaType.APPLICATION_JSON)
public class SpaceAuditResource {

    private final AuditQueryService service;

    public SpaceAuditResource(AuditQueryService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<AuditLogView>>> list(@PathParam("space_id") String spaceId, @Context UriInfo uri,
                                                     RoutingContext ctx) {
        var query = uri.getQueryParameters();
        AuditFilter filter = AuditFilter.parse(query);
        PageRequest page = PageRequest.parse(query.getFirst("limit"), query.getFirst("cursor"));
        return service.listInSpace(Caller.of(ctx), spaceId, page, filter)
                .map(p -> ApiResponse.page(p, RequestInfo.of(ctx).requestId()));
    }
}
