package io.plystra.registry.resource;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** A resource addressed as a decision addresses it: by type and id. */
@Path("/api/v1/resources/{type}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class TypedResourceResource {

    private final ResourceService service;

    public TypedResourceResource(ResourceService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<ResourceView>> get(@PathParam("type") String type, @PathParam("id") String id, RoutingContext ctx) {
        return service.getByType(Caller.of(ctx), type, id).map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }
}
