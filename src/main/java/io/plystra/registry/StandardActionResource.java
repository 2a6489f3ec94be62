package io.plystra.registry;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/** The catalogue of standard actions (V018), read like the rest of the registry: {@code registry:read} anywhere. */
@Path("/api/v1/standard-actions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Resource registry")
public class StandardActionResource {

    @Inject
    RegistryService service;

    @GET
    @Requires("registry:read")
    @Operation(summary = "List the standard actions and the risk level each brings to a type that registers it")
    public Uni<List<StandardActionView>> list() {
        return service.standardActions();
    }
}
