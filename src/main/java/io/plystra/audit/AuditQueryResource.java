package io.plystra.audit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/**
 * Read-only audit routes (core-api.md section 5): no route changes or deletes an audit row. The
 * space's own list is {@link SpaceAuditResource}.
 */
@Path("/api/v1/audit/logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditQueryResource {

    @Inject
    AuditQueryService service;

    @GET
    @Requires("audit:read")
    @Operation(summary = "List audit rows of the spaces the caller may read, newest first")
    public Uni<Page<AuditLogView>> list(@Context UriInfo uri) {
        var query = uri.getQueryParameters();
        AuditFilter filter = AuditFilter.parse(query);
        return service.list(PageRequest.parse(query.getFirst("limit"), query.getFirst("cursor")), filter);
    }

    @GET
    @Path("/{id}")
    @Requires("audit:read")
    @Operation(summary = "Read an audit row with its trace")
    public Uni<AuditLogDetail> get(@PathParam("id") String id) {
        return service.get(id);
    }
}
