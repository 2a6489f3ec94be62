package io.plystra.access.memberrole;

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

@Path("/api/v1/spaces/{sid}/member-roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberRoleResource {

    private final MemberRoleService service;

    public MemberRoleResource(MemberRoleService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<MemberRoleView>>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                                       @QueryParam("cursor") String cursor,
                                                       @QueryParam("member_id") String memberId,
                                                       @QueryParam("role_id") String roleId,
                                                       @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), sid, PageRequest.parse(limit, cursor), memberId, roleId, status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<MemberRoleView>> create(@PathParam("sid") String sid, MemberRoleCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), sid, body)
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<MemberRoleView>> get(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), sid, id).map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<MemberRoleView>> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body,
                                                  RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, MemberRoleService.PATCHABLE, MemberRoleService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), sid, id, patch)
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/revoke")
    public Uni<ApiResponse<MemberRoleView>> revoke(@PathParam("sid") String sid, @PathParam("id") String id, RoutingContext ctx) {
        return service.revoke(Caller.of(ctx), RequestInfo.of(ctx), sid, id)
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }
}
