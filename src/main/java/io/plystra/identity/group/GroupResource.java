package io.plystra.identity.group;

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
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

/** Group routes open to space grants and to group grants of the space; {@link GroupService} narrows to the subtree. */
@Path("/api/v1/spaces/{sid}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Groups")
public class GroupResource {

    @Inject
    GroupService service;

    @GET
    @Requires(value = "groups:read", scope = Scope.GROUP)
    @Operation(summary = "List the groups of a space (space-wide grants only)")
    public Uni<Page<GroupView>> list(@PathParam("sid") String spaceId, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return service.list(spaceId, PageRequest.parse(limit, cursor), status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "groups:manage", scope = Scope.GROUP)
    @Operation(summary = "Create a group under a parent the caller manages")
    public Uni<GroupView> create(@PathParam("sid") String spaceId, GroupCreate body) {
        return service.create(spaceId, body);
    }

    @GET
    @Path("/tree")
    @Requires(value = "groups:read", scope = Scope.GROUP)
    @Operation(summary = "The group tree the caller may read")
    public Uni<List<GroupNode>> tree(@PathParam("sid") String spaceId) {
        return service.tree(spaceId);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "groups:read", scope = Scope.GROUP)
    @Operation(summary = "Read a group")
    public Uni<GroupView> get(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.get(spaceId, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "groups:manage", scope = Scope.GROUP)
    @Operation(summary = "Change a group's name")
    public Uni<GroupView> patch(@PathParam("sid") String spaceId, @PathParam("id") String id, JsonNode body) {
        return service.patch(spaceId, id, JsonPatch.of(body, GroupService.PATCHABLE, GroupService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "groups:manage", scope = Scope.GROUP)
    @Operation(summary = "Disable a group")
    public Uni<GroupView> disable(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.setStatus(spaceId, id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "groups:manage", scope = Scope.GROUP)
    @Operation(summary = "Restore a disabled group")
    public Uni<GroupView> restore(@PathParam("sid") String spaceId, @PathParam("id") String id) {
        return service.setStatus(spaceId, id, Status.ACTIVE, "restored");
    }
}
