package io.plystra.access.role;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

/**
 * Every role by id, whatever its level, and the roles of no space. The gate lets in the route's
 * {@code roles:*} grant anywhere; the service checks it by the role's level ({@link RoleAccess}): in
 * the role's space for a space role, for its organization for an organization role, a super admin's grant to change
 * a global role. Creating a role here is for roles of no space: a global one needs a super admin, an organization's
 * the permission for that organization.
 */
@Path("/api/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Roles")
public class RoleByIdResource {

    @Inject
    RoleService service;

    @GET
    @Requires("roles:read")
    @Operation(summary = "List the global roles, or an organization's roles")
    public Uni<Page<RoleView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                    @QueryParam("status") String status, @QueryParam("organization_id") String organizationId) {
        return service.listAtLevel(PageRequest.parse(limit, cursor), organizationId, status);
    }

    @POST
    @ResponseStatus(201)
    @Requires("roles:manage")
    @Operation(summary = "Create a global role (super admin) or an organization's role")
    public Uni<RoleView> create(RoleCreateAtLevel body) {
        return service.createAtLevel(body);
    }

    @GET
    @Path("/{id}")
    @Requires("roles:read")
    @Operation(summary = "Read a role of any level")
    public Uni<RoleView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Requires("roles:manage")
    @Operation(summary = "Change a role's name or description")
    public Uni<RoleView> patch(@PathParam("id") String id, JsonNode body) {
        return service.patch(id, JsonPatch.of(body, RoleService.PATCHABLE, RoleService.IMMUTABLE_BY_ID));
    }

    @POST
    @Path("/{id}/disable")
    @Requires("roles:manage")
    @Operation(summary = "Disable a role")
    public Uni<RoleView> disable(@PathParam("id") String id) {
        return service.setStatus(id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires("roles:manage")
    @Operation(summary = "Restore a disabled role")
    public Uni<RoleView> restore(@PathParam("id") String id) {
        return service.setStatus(id, Status.ACTIVE, "restored");
    }

    @GET
    @Path("/{id}/versions")
    @Requires("roles:read")
    @Operation(summary = "List the versions of a role, newest first")
    public Uni<Page<RoleVersionView>> versions(@PathParam("id") String id, @QueryParam("limit") String limit,
                                               @QueryParam("cursor") String cursor) {
        return service.versions(id, PageRequest.parse(limit, cursor));
    }

    @GET
    @Path("/{id}/versions/{n}")
    @Requires("roles:read")
    @Operation(summary = "Read one version of a role")
    public Uni<RoleVersionView> version(@PathParam("id") String id, @PathParam("n") String n) {
        return service.version(id, n);
    }

    @POST
    @Path("/{id}/rollback")
    @Requires("roles:manage")
    @Operation(summary = "Restore a version of a role as its next version")
    public Uni<RoleVersionView> rollback(@PathParam("id") String id, RoleRollback body) {
        return service.rollback(id, body);
    }
}
