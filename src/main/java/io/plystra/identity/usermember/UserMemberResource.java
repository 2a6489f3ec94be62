package io.plystra.identity.usermember;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
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

@Path("/api/v1/spaces/{sid}/user-members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User members")
public class UserMemberResource {

    @Inject
    UserMemberService service;

    @GET
    @Requires(value = "user_members:read", scope = Scope.SPACE)
    @Operation(summary = "List the user-member bindings of a space, optionally by user, member or status")
    public Uni<Page<UserMemberView>> list(@PathParam("sid") String spaceId, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor, @BeanParam UserMemberFilter filter) {
        return service.list(spaceId, PageRequest.parse(limit, cursor), filter);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "user_members:manage", scope = Scope.SPACE)
    @Operation(summary = "Bind a user to a member of a space")
    public Uni<UserMemberView> create(@PathParam("sid") String spaceId, UserMemberCreate body) {
        return service.create(spaceId, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "user_members:read", scope = Scope.SPACE)
    @Operation(summary = "Read a user-member binding")
    public Uni<UserMemberView> get(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.get(spaceId, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "user_members:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a binding's relation type, primary flag or expiry")
    public Uni<UserMemberView> patch(@PathParam("sid") String spaceId, @PathParam("id") String id, JsonNode body) {
        return service.patch(spaceId, id, JsonPatch.of(body, UserMemberService.PATCHABLE, UserMemberService.IMMUTABLE));
    }

    /** The body is optional: {@code {"revoked_reason": "..."}}. */
    @POST
    @Path("/{id}/revoke")
    @Requires(value = "user_members:manage", scope = Scope.SPACE)
    @Operation(summary = "Revoke a binding, with an optional reason")
    public Uni<UserMemberView> revoke(@PathParam("sid") String spaceId, @PathParam("id") String id, UserMemberRevoke body) {
        return service.revoke(spaceId, id, body);
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "user_members:manage", scope = Scope.SPACE)
    @Operation(summary = "Restore a revoked binding")
    public Uni<UserMemberView> restore(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.restore(spaceId, id);
    }
}
