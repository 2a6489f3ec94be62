package io.plystra.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

/** The route table gateways are answered by, per space. */
@Path("/api/v1/spaces/{sid}/gateway/routes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Gateway")
public class GatewayRouteResource {

    @Inject
    GatewayRouteService service;

    @GET
    @Requires(value = "gateway:read", scope = Scope.SPACE)
    @Operation(summary = "The active gateway routes of a space")
    public Uni<RoutesView> list(@PathParam("sid") String sid) {
        return service.list(sid);
    }

    @PUT
    @Requires(value = "gateway:manage", scope = Scope.SPACE)
    @Operation(summary = "Apply a space's whole gateway route table (dry_run=true: the diff only)")
    public Uni<RoutesView> apply(@PathParam("sid") String sid, @QueryParam("dry_run") String dryRun, RoutesBody body) {
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            throw ApiException.validation("dry_run", "must be true or false");
        }
        return service.apply(sid, body, "true".equals(dryRun));
    }
}
