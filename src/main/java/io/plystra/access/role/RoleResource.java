package io.plystra.access.role;

import java.util.List;

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

@Path("/api/v1/spaces/{sid}/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {

    private final RoleService service;

    public RoleResource(RoleService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<RoleView>>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                                 @QueryParam("cursor") String cursor, @QueryParam("status") String status,
                                                 RoutingContext ctx) {
        return service.list(Caller.of(ctx), sid, PageRequest.parse(limit, cursor), status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<RoleView>> create(@PathParam("sid") String sid, RoleCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), sid, body)
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<RoleView>> get(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), sid, id).map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<RoleView>> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body,
                                            RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, RoleService.PATCHABLE, RoleService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), sid, id, patch)
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<ApiResponse<RoleView>> disable(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), sid, id, "disabled", "disabled")
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<RoleView>> restore(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), sid, id, "active", "restored")
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }
}
