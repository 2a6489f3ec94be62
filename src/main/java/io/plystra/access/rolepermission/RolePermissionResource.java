package io.plystra.access.rolepermission;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** No PATCH: a role-permission has nothing to change; revoke it and create another. */
@Path("/api/v1/role-permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolePermissionResource {

    private final RolePermissionService service;

    public RolePermissionResource(RolePermissionService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<RolePermissionView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                           @QueryParam("role_id") String roleId,
                                                           @QueryParam("permission_id") String permissionId,
                                                           @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), PageRequest.parse(limit, cursor), roleId, permissionId, status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<RolePermissionView>> create(RolePermissionCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), body)
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<RolePermissionView>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/revoke")
    public Uni<ApiResponse<RolePermissionView>> revoke(@PathParam("id") String id, RoutingContext ctx) {
        return service.revoke(Caller.of(ctx), RequestInfo.of(ctx), id)
                .map(r -> ApiResponse.of(r, RequestInfo.of(ctx).requestId()));
    }
}
