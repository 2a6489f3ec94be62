package io.plystra.access.permission;

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
import io.plystra.kernel.Requires.Scope;
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

/**
 * The instance-wide permission catalogue: a grant in any space reads it (a space admin picks from it
 * for its roles); only an instance-level grant changes it.
 */
@Path("/api/v1/permissions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Permissions")
public class PermissionResource {

    @Inject
    PermissionService service;

    @GET
    @Requires("permissions:read")
    @Operation(summary = "List the permission catalogue")
    public Uni<Page<PermissionView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                          @QueryParam("resource") String resource, @QueryParam("action") String action,
                                          @QueryParam("scope") String scope, @QueryParam("status") String status) {
        return service.list(PageRequest.parse(limit, cursor), resource, action, scope, status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "permissions:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Create a permission on a registered resource type and action")
    public Uni<PermissionView> create(PermissionCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/{id}")
    @Requires("permissions:read")
    @Operation(summary = "Read a permission")
    public Uni<PermissionView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "permissions:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Change a permission's description")
    public Uni<PermissionView> patch(@PathParam("id") String id, JsonNode body) {
        return service.patch(id, JsonPatch.of(body, PermissionService.PATCHABLE, PermissionService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "permissions:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Disable a permission")
    public Uni<PermissionView> disable(@PathParam("id") String id) {
        return service.setStatus(id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "permissions:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Restore a disabled permission")
    public Uni<PermissionView> restore(@PathParam("id") String id) {
        return service.setStatus(id, Status.ACTIVE, "restored");
    }
}
