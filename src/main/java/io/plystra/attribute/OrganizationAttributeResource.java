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
import io.smallrye.mutiny.Uni;

/**
 * The attributes of an organization (no space), which conditions read as {@code organization.<key>} in its spaces.
 * As for the organization's own routes, the gate lets in {@code organizations:*} held anywhere and
 * {@link AttributeService} narrows to the organizations where it holds (another is 404).
 */
@Path("/api/v1/organizations/{oid}/attributes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Attributes")
public class OrganizationAttributeResource {

    @Inject
    AttributeService service;

    @GET
    @Requires("organizations:read")
    @Operation(summary = "Every live attribute of an organization")
    public Uni<SubjectAttributesView> list(@PathParam("oid") String oid) {
        return service.organizationList(oid);
    }

    @GET
    @Path("/{key}")
    @Requires("organizations:read")
    @Operation(summary = "Read one live attribute of an organization")
    public Uni<AttributeView> get(@PathParam("oid") String oid, @PathParam("key") String key) {
        return service.organizationGet(oid, key);
    }

    /** 201 when the key was not set, 200 when its value was replaced. */
    @PUT
    @Path("/{key}")
    @Requires("organizations:manage")
    @Operation(summary = "Set an attribute of an organization (typed value, optional expiry)")
    public Uni<RestResponse<AttributeView>> put(@PathParam("oid") String oid, @PathParam("key") String key, AttributePut body) {
        return service.organizationPut(oid, key, body).map(set -> RestResponse.status(
                set.created() ? Response.Status.CREATED : Response.Status.OK, set.view()));
    }

    @DELETE
    @Path("/{key}")
    @Requires("organizations:manage")
    @Operation(summary = "Remove an attribute of an organization (kept in its history)")
    public Uni<AttributeView> delete(@PathParam("oid") String oid, @PathParam("key") String key) {
        return service.organizationDelete(oid, key);
    }

    @GET
    @Path("/{key}/history")
    @Requires("organizations:read")
    @Operation(summary = "Every set and delete of an attribute of an organization, oldest first")
    public Uni<Page<AttributeHistoryView>> history(@PathParam("oid") String oid, @PathParam("key") String key,
                                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.organizationHistory(oid, key, PageRequest.parse(limit, cursor));
    }
}
