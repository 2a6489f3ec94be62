package io.plystra.registry.resource;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/** A resource addressed as a decision addresses it: by type and id. */
@Path("/api/v1/resources/{type}/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Resources")
public class TypedResourceResource {

    @Inject
    ResourceService service;

    @GET
    @Requires("resources:read")
    @Operation(summary = "Read a resource by type and id (the permission must hold in its space)")
    public Uni<ResourceView> get(@PathParam("type") String type, @PathParam("id") String id) {
        return service.getByType(type, id);
    }
}
