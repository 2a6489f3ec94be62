package io.plystra.identity.member;

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

@Path("/api/v1/spaces/{sid}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    private final MemberService service;

    public MemberResource(MemberService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<MemberView>>> list(@PathParam("sid") String spaceId, @QueryParam("limit") String limit,
                                                   @QueryParam("cursor") String cursor, @QueryParam("status") String status,
                                                   RoutingContext ctx) {
        return service.list(Caller.of(ctx), spaceId, PageRequest.parse(limit, cursor), status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<MemberView>> create(@PathParam("sid") String spaceId, MemberCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), spaceId, body)
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<MemberView>> get(@PathParam("sid") String spaceId, @PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), spaceId, id).map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<MemberView>> patch(@PathParam("sid") String spaceId, @PathParam("id") String id, JsonNode body,
                                              RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, MemberService.PATCHABLE, MemberService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), spaceId, id, patch)
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<ApiResponse<MemberView>> disable(@PathParam("sid") String spaceId, @PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), spaceId, id, "disabled", "disabled")
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<MemberView>> restore(@PathParam("sid") String spaceId, @PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), spaceId, id, "active", "restored")
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }
}
