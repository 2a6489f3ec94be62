package io.plystra.authz;

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

import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/spaces/{sid}/authz/state?member_id=&at=}: a member's state now, or as of an instant (docs/time-travel.md). */
@Path("/api/v1/spaces/{sid}/authz/state")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authorization")
public class PrincipalStateResource {

    @Inject
    TimeTravelService service;

    @GET
    @Requires(value = "audit:read", scope = Scope.SPACE)
    @Operation(summary = "A member's bindings, team links and attributes now, or as of \"at\" rebuilt from the change events")
    public Uni<PrincipalState> state(@PathParam("sid") String sid, @Context UriInfo uri) {
        return service.state(sid, uri.getQueryParameters());
    }
}
