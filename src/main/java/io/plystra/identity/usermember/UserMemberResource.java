package io.plystra.identity.usermember;

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

@Path("/api/v1/spaces/{sid}/user-members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserMemberResource {

    private final UserMemberService service;

    public UserMemberResource(UserMemberService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<UserMemberView>>> list(@PathParam("sid") String spaceId, @QueryParam("limit") String limit,
                                                       @QueryParam("cursor") String cursor, @QueryParam("user_id") String userId,
                                                       @QueryParam("member_id") String memberId,
                                                       @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), spaceId, PageRequest.parse(limit, cursor), userId, memberId, status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<UserMemberView>> create(@PathParam("sid") String spaceId, UserMemberCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), spaceId, body)
                .map(um -> ApiResponse.of(um, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<UserMemberView>> get(@PathParam("sid") String spaceId, @PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), spaceId, id).map(um -> ApiResponse.of(um, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<UserMemberView>> patch(@PathParam("sid") String spaceId, @PathParam("id") String id, JsonNode body,
                                                  RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, UserMemberService.PATCHABLE, UserMemberService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), spaceId, id, patch)
                .map(um -> ApiResponse.of(um, RequestInfo.of(ctx).requestId()));
    }

    /** The body is optional: {@code {"revoked_reason": "..."}}. */
    @POST
    @Path("/{id}/revoke")
    public Uni<ApiResponse<UserMemberView>> revoke(@PathParam("sid") String spaceId, @PathParam("id") String id,
                                                   UserMemberRevoke body, RoutingContext ctx) {
        return service.revoke(Caller.of(ctx), RequestInfo.of(ctx), spaceId, id, body)
                .map(um -> ApiResponse.of(um, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<UserMemberView>> restore(@PathParam("sid") String spaceId, @PathParam("id") String id,
                                                    RoutingContext ctx) {
        return service.restore(Caller.of(ctx), RequestInfo.of(ctx), spaceId, id)
                .map(um -> ApiResponse.of(um, RequestInfo.of(ctx).requestId()));
    }
}
