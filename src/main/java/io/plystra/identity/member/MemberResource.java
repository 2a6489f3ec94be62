package io.plystra.identity.member;

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

@Path("/api/v1/spaces/{sid}/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Members")
public class MemberResource {

    @Inject
    MemberService service;

    @GET
    @Requires(value = "members:read", scope = Scope.SPACE)
    @Operation(summary = "List the members of a space")
    public Uni<Page<MemberView>> list(@PathParam("sid") String spaceId, @QueryParam("limit") String limit,
                                      @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return service.list(spaceId, PageRequest.parse(limit, cursor), status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "members:manage", scope = Scope.SPACE)
    @Operation(summary = "Create a member in a space")
    public Uni<MemberView> create(@PathParam("sid") String spaceId, MemberCreate body) {
        return service.create(spaceId, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "members:read", scope = Scope.SPACE)
    @Operation(summary = "Read a member")
    public Uni<MemberView> get(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.get(spaceId, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "members:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a member's display name or type")
    public Uni<MemberView> patch(@PathParam("sid") String spaceId, @PathParam("id") String id, JsonNode body) {
        return service.patch(spaceId, id, JsonPatch.of(body, MemberService.PATCHABLE, MemberService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "members:manage", scope = Scope.SPACE)
    @Operation(summary = "Disable a member")
    public Uni<MemberView> disable(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.setStatus(spaceId, id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "members:manage", scope = Scope.SPACE)
    @Operation(summary = "Restore a disabled member")
    public Uni<MemberView> restore(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.setStatus(spaceId, id, Status.ACTIVE, "restored");
    }
}
