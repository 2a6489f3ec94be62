package io.plystra.registry.resource;

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

/** Resources of one space. The lookup by type and id is {@link TypedResourceResource}. */
@Path("/api/v1/spaces/{sid}/resources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Resources")
public class ResourceResource {

    @Inject
    ResourceService service;

    @GET
    @Requires(value = "resources:read", scope = Scope.SPACE)
    @Operation(summary = "List the resources of a space")
    public Uni<Page<ResourceView>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                        @QueryParam("cursor") String cursor,
                                        @QueryParam("resource_type") String resourceType,
                                        @QueryParam("group_id") String groupId,
                                        @QueryParam("owner_member_id") String ownerMemberId,
                                        @QueryParam("status") String status) {
        return service.list(sid, PageRequest.parse(limit, cursor), new ResourceFilter(resourceType, groupId, ownerMemberId, status));
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "resources:manage", scope = Scope.SPACE)
    @Operation(summary = "Create a resource of a registered type in a space")
    public Uni<ResourceView> create(@PathParam("sid") String sid, ResourceCreate body) {
        return service.create(sid, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "resources:read", scope = Scope.SPACE)
    @Operation(summary = "Read a resource")
    public Uni<ResourceView> get(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.get(sid, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "resources:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a resource's group, owner, display name or metadata")
    public Uni<ResourceView> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body) {
        return service.patch(sid, id, JsonPatch.of(body, ResourceService.PATCHABLE, ResourceService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/archive")
    @Requires(value = "resources:manage", scope = Scope.SPACE)
    @Operation(summary = "Archive a resource")
    public Uni<ResourceView> archive(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.setStatus(sid, id, Status.ARCHIVED, "archived");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "resources:manage", scope = Scope.SPACE)
    @Operation(summary = "Restore an archived resource")
    public Uni<ResourceView> restore(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.setStatus(sid, id, Status.ACTIVE, "restored");
    }
}
