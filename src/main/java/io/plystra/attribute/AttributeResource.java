package io.plystra.attribute;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

/**
 * The attributes of one subject of a space: {@code kind} is {@code members}, {@code resources} (the
 * subject is {@code <type>:<id>}) or {@code space} (the subject is the space's own id).
 */
@Path("/api/v1/spaces/{sid}/attributes/{kind}/{subject}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Attributes")
public class AttributeResource {

    @Inject
    AttributeService service;

    @GET
    @Requires(value = "attributes:read", scope = Scope.SPACE)
    @Operation(summary = "Every live attribute of a member, a resource or the space")
    public Uni<SubjectAttributesView> list(@PathParam("sid") String sid, @PathParam("kind") String kind,
                                           @PathParam("subject") String subject) {
        return service.list(sid, kind, subject);
    }

    @GET
    @Path("/{key}")
    @Requires(value = "attributes:read", scope = Scope.SPACE)
    @Operation(summary = "Read one live attribute")
    public Uni<AttributeView> get(@PathParam("sid") String sid, @PathParam("kind") String kind,
                                  @PathParam("subject") String subject, @PathParam("key") String key) {
        return service.get(sid, kind, subject, key);
    }

    /** 201 when the key was not set, 200 when its value was replaced. */
    @PUT
    @Path("/{key}")
    @Requires(value = "attributes:manage", scope = Scope.SPACE)
    @Operation(summary = "Set an attribute (typed value, optional expiry)")
    public Uni<RestResponse<AttributeView>> put(@PathParam("sid") String sid, @PathParam("kind") String kind,
                                                @PathParam("subject") String subject, @PathParam("key") String key,
                                                AttributePut body) {
        return service.put(sid, kind, subject, key, body).map(set -> RestResponse.status(
                set.created() ? Response.Status.CREATED : Response.Status.OK, set.view()));
    }

    @DELETE
    @Path("/{key}")
    @Requires(value = "attributes:manage", scope = Scope.SPACE)
    @Operation(summary = "Remove an attribute (kept in its history)")
    public Uni<AttributeView> delete(@PathParam("sid") String sid, @PathParam("kind") String kind,
                                     @PathParam("subject") String subject, @PathParam("key") String key) {
        return service.delete(sid, kind, subject, key);
    }

    @GET
    @Path("/{key}/history")
    @Requires(value = "attributes:read", scope = Scope.SPACE)
    @Operation(summary = "Every set and delete of an attribute, oldest first")
    public Uni<Page<AttributeHistoryView>> history(@PathParam("sid") String sid, @PathParam("kind") String kind,
                                                   @PathParam("subject") String subject, @PathParam("key") String key,
                                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.history(sid, kind, subject, key, PageRequest.parse(limit, cursor));
    }
}
