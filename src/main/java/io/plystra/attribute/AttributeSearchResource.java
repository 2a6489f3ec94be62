package io.plystra.attribute;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/spaces/{sid}/attributes/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Attributes")
public class AttributeSearchResource {

    @Inject
    AttributeService service;

    @GET
    @Requires(value = "attributes:read", scope = Scope.SPACE)
    @Operation(summary = "The subjects of the space whose attribute key holds a value (key = value), paged")
    public Uni<Page<AttributeView>> search(@PathParam("sid") String sid, @QueryParam("key") String key,
                                           @QueryParam("value") String value, @QueryParam("kind") String kind,
                                           @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.parse(limit, cursor);
        return service.search(sid, key, value, kind, page);
    }
}
