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
import io.plystra.kernel.Requires.Scope;
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/spaces/{sid}/roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Roles")
public class RoleResource {

    @Inject
    RoleService service;

    @GET
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "List the roles of a space")
    public Uni<Page<RoleView>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                    @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return service.list(sid, PageRequest.parse(limit, cursor), status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Create a role in a space")
    public Uni<RoleView> create(@PathParam("sid") String sid, RoleCreate body) {
        return service.create(sid, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "Read a role")
    public Uni<RoleView> get(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.get(sid, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a role's name or description")
    public Uni<RoleView> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body) {
        return service.patch(sid, id, JsonPatch.of(body, RoleService.PATCHABLE, RoleService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Disable a role")
    public Uni<RoleView> disable(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.setStatus(sid, id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Restore a disabled role")
    public Uni<RoleView> restore(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.setStatus(sid, id, Status.ACTIVE, "restored");
    }
}
