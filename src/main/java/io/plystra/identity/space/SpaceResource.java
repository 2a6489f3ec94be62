package io.plystra.identity.space;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/api/v1/spaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SpaceResource {

    private final SpaceService service;

    public SpaceResource(SpaceService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<SpaceView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                  @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), PageRequest.parse(limit, cursor), status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<SpaceView>> create(SpaceCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), body).map(s -> ApiResponse.of(s, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<SpaceView>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(s -> ApiResponse.of(s, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<SpaceView>> patch(@PathParam("id") String id, JsonNode body, RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, SpaceService.PATCHABLE, Set.of("id", "status"));
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), id, patch).map(s -> ApiResponse.of(s, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<ApiResponse<SpaceView>> disable(@PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), id, "disabled", "disabled")
                .map(s -> ApiResponse.of(s, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<SpaceView>> restore(@PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), id, "active", "restored")
                .map(s -> ApiResponse.of(s, RequestInfo.of(ctx).requestId()));
    }
}
