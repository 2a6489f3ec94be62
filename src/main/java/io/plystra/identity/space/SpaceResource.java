package io.plystra.identity.space;

import java.util.Set;

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

@Path("/api/v1/spaces")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Spaces")
public class SpaceResource {

    @Inject
    SpaceService service;

    @GET
    @Requires("spaces:read")
    @Operation(summary = "List the spaces the caller may read")
    public Uni<Page<SpaceView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                     @QueryParam("status") String status,
                                     @QueryParam("organization_id") String organizationId) {
        return service.list(PageRequest.parse(limit, cursor), status, organizationId);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "spaces:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Create a space")
    public Uni<SpaceView> create(SpaceCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "spaces:read", scope = Scope.SPACE, spaceParam = "id")
    @Operation(summary = "Read a space")
    public Uni<SpaceView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "spaces:manage", scope = Scope.SPACE, spaceParam = "id")
    @Operation(summary = "Change a space's name, slug or type, or move it into or out of an organization")
    public Uni<SpaceView> patch(@PathParam("id") String id, JsonNode body) {
        return service.patch(id, JsonPatch.of(body, SpaceService.PATCHABLE, Set.of("id", "status")));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "spaces:manage", scope = Scope.SPACE, spaceParam = "id")
    @Operation(summary = "Disable a space")
    public Uni<SpaceView> disable(@PathParam("id") String id) {
        return service.setStatus(id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "spaces:manage", scope = Scope.SPACE, spaceParam = "id")
    @Operation(summary = "Restore a disabled space")
    public Uni<SpaceView> restore(@PathParam("id") String id) {
        return service.setStatus(id, Status.ACTIVE, "restored");
    }
}
