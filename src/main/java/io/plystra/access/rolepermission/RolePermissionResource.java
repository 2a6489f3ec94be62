package io.plystra.access.rolepermission;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/**
 * Role-permissions are addressed instance-wide but belong to their role's space: the gate lets in a
 * {@code permissions:*} grant anywhere and the service checks the role's space. No PATCH: a
 * role-permission has nothing to change; revoke it and create another.
 */
@Path("/api/v1/role-permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Role permissions")
public class RolePermissionResource {

    @Inject
    RolePermissionService service;

    @GET
    @Requires("permissions:read")
    @Operation(summary = "List the role-permissions of the roles the caller may read")
    public Uni<Page<RolePermissionView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                              @QueryParam("role_id") String roleId,
                                              @QueryParam("permission_id") String permissionId,
                                              @QueryParam("status") String status) {
        return service.list(PageRequest.parse(limit, cursor), roleId, permissionId, status);
    }

    @POST
    @ResponseStatus(201)
    @Requires("permissions:manage")
    @Operation(summary = "Put a permission into a role")
    public Uni<RolePermissionView> create(RolePermissionCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/{id}")
    @Requires("permissions:read")
    @Operation(summary = "Read a role-permission")
    public Uni<RolePermissionView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/revoke")
    @Requires("permissions:manage")
    @Operation(summary = "Take a permission out of a role")
    public Uni<RolePermissionView> revoke(@PathParam("id") String id) {
        return service.revoke(id);
    }
}
