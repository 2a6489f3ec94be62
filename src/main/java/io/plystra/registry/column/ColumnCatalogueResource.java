package io.plystra.registry.column;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

/** A resource type's column catalogue, with the permissions of the rest of the registry. */
@Path("/api/v1/resource-types/{key}/columns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Resource registry")
public class ColumnCatalogueResource {

    @Inject
    ColumnService service;

    @GET
    @Requires("registry:read")
    @Operation(summary = "Read a resource type's column catalogue, in order")
    public Uni<ColumnCatalogueView> get(@PathParam("key") String key) {
        return service.catalogue(key);
    }

    @PUT
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Replace a resource type's column catalogue (409 when a column group uses a column left out)")
    public Uni<ColumnCatalogueView> put(@PathParam("key") String key, ColumnsPut body) {
        return service.replace(key, body);
    }
}
