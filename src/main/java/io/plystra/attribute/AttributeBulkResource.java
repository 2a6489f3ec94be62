package io.plystra.attribute;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/spaces/{sid}/attributes/bulk-set")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Attributes")
public class AttributeBulkResource {

    @Inject
    AttributeService service;

    @POST
    @Requires(value = "attributes:manage", scope = Scope.SPACE)
    @Operation(summary = "Set up to 1,000 attributes of the space's subjects, all or none")
    public Uni<BulkSetView> bulkSet(@PathParam("sid") String sid, BulkSet body) {
        return service.bulkSet(sid, body);
    }
}
