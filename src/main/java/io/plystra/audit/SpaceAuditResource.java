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
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

/** {@code GET /spaces/{space_id}/audit/logs}: the audit list of one space (its own root path, under the space routes). */
@Path("/api/v1/spaces/{space_id}/audit/logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class SpaceAuditResource {

    @Inject
    AuditQueryService service;

    @GET
    @Requires(value = "audit:read", scope = Scope.SPACE, spaceParam = "space_id")
    @Operation(summary = "List the audit rows of one space, newest first")
    public Uni<Page<AuditLogView>> list(@PathParam("space_id") String spaceId, @Context UriInfo uri) {
        var query = uri.getQueryParameters();
        AuditFilter filter = AuditFilter.parse(query);
        return service.listInSpace(spaceId, PageRequest.parse(query.getFirst("limit"), query.getFirst("cursor")), filter);
    }
}
