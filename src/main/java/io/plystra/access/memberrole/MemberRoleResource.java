package io.plystra.access.memberrole;

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

/** Member-roles use the {@code roles:*} permission of their space. */
@Path("/api/v1/spaces/{sid}/member-roles")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Member roles")
public class MemberRoleResource {

    @Inject
    MemberRoleService service;

    @GET
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "List the member-roles of a space")
    public Uni<Page<MemberRoleView>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor, @QueryParam("member_id") String memberId,
                                          @QueryParam("role_id") String roleId, @QueryParam("status") String status) {
        return service.list(sid, PageRequest.parse(limit, cursor), memberId, roleId, status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Give a member a role of the same space")
    public Uni<MemberRoleView> create(@PathParam("sid") String sid, MemberRoleCreate body) {
        return service.create(sid, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "roles:read", scope = Scope.SPACE)
    @Operation(summary = "Read a member-role")
    public Uni<MemberRoleView> get(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.get(sid, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a member-role's anchor group or expiry")
    public Uni<MemberRoleView> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body) {
        return service.patch(sid, id, JsonPatch.of(body, MemberRoleService.PATCHABLE, MemberRoleService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/revoke")
    @Requires(value = "roles:manage", scope = Scope.SPACE)
    @Operation(summary = "Revoke a member-role")
    public Uni<MemberRoleView> revoke(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.revoke(sid, id);
    }
}
