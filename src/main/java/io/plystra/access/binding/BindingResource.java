package io.plystra.access.binding;

import java.util.List;

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
import io.smallrye.mutiny.Uni;

/** Bindings use the {@code roles:*} permission of their space, like the member-roles they extend. */
@Path("/api/v1/spaces/{sid}/bindings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Bindings")
public class BindingResource {

    @Inject
    BindingService service;

    @GET
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "List the bindings of a space")
    public Uni<Page<BindingView>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                       @QueryParam("cursor") String cursor, @QueryParam("subject_kind") String subjectKind,
                                       @QueryParam("subject_id") String subjectId, @QueryParam("role_id") String roleId,
                                       @QueryParam("permission_id") String permissionId, @QueryParam("status") String status) {
        return service.list(sid, PageRequest.parse(limit, cursor), subjectKind, subjectId, roleId, permissionId, status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Bind a member or a team to a role or a permission, optionally under conditions")
    public Uni<BindingView> create(@PathParam("sid") String sid, BindingCreate body) {
        return service.create(sid, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "Read a binding")
    public Uni<BindingView> get(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.get(sid, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a binding's anchor group, expiry or conditions")
    public Uni<BindingView> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body) {
        return service.patch(sid, id, JsonPatch.of(body, BindingService.PATCHABLE, BindingService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/revoke")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Revoke a binding")
    public Uni<BindingView> revoke(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.revoke(sid, id);
    }

    @GET
    @Path("/{id}/history")
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "A binding's versions, newest first")
    public Uni<List<BindingView.Version>> history(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.history(sid, id);
    }

    @POST
    @Path("/{id}/rollback")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Restore an earlier version of a binding as a new version")
    public Uni<BindingView> rollback(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body) {
        return service.rollback(sid, id, body);
    }
}
