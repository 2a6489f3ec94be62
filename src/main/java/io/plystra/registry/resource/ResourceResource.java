package io.plystra.registry.resource;

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

/** Resources of one space. The lookup by type and id is {@link TypedResourceResource}. */
@Path("/api/v1/spaces/{sid}/resources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ResourceResource {

    private final ResourceService service;

    public ResourceResource(ResourceService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<ResourceView>>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                                     @QueryParam("cursor") String cursor,
                                                     @QueryParam("resource_type") String resourceType,
                                                     @QueryParam("group_id") String groupId,
                                                     @QueryParam("owner_member_id") String ownerMemberId,
                                                     @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), sid, PageRequest.parse(limit, cursor), resourceType, groupId, ownerMemberId, status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<ResourceView>> create(@PathParam("sid") String sid, ResourceCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), sid, body)
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<ResourceView>> get(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), sid, id).map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<ResourceView>> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body,
                                                RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, ResourceService.PATCHABLE, ResourceService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), sid, id, patch)
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/archive")
    public Uni<ApiResponse<ResourceView>> archive(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), sid, id, "archived", "archived")
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<ResourceView>> restore(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), sid, id, "active", "restored")
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }
}
