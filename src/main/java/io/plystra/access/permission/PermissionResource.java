package io.plystra.access.permission;

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

@Path("/api/v1/permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PermissionResource {

    private final PermissionService service;

    public PermissionResource(PermissionService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<PermissionView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                       @QueryParam("resource") String resource,
                                                       @QueryParam("action") String action,
                                                       @QueryParam("scope") String scope,
                                                       @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), PageRequest.parse(limit, cursor), resource, action, scope, status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<PermissionView>> create(PermissionCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), body)
                .map(p -> ApiResponse.of(p, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<PermissionView>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(p -> ApiResponse.of(p, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<PermissionView>> patch(@PathParam("id") String id, JsonNode body, RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, PermissionService.PATCHABLE, PermissionService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), id, patch)
                .map(p -> ApiResponse.of(p, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<ApiResponse<PermissionView>> disable(@PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), id, "disabled", "disabled")
                .map(p -> ApiResponse.of(p, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<PermissionView>> restore(@PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), id, "active", "restored")
                .map(p -> ApiResponse.of(p, RequestInfo.of(ctx).requestId()));
    }
}
