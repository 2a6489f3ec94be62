package io.plystra.identity.organization;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

/**
 * The organization tree. The gate lets in the route's permission held anywhere; {@link OrganizationService} narrows
 * to the organizations where it holds (instance-wide, or an organization grant of the organization or an ancestor).
 */
@Path("/api/v1/organizations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Organizations")
public class OrganizationResource {

    @Inject
    OrganizationService service;

    @GET
    @Requires("organizations:read")
    @Operation(summary = "List the organizations the caller may read")
    public Uni<Page<OrganizationView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                            @QueryParam("status") String status, @QueryParam("parent_id") String parentId) {
        return service.list(PageRequest.parse(limit, cursor), status, parentId);
    }

    @POST
    @ResponseStatus(201)
    @Requires("organizations:manage")
    @Operation(summary = "Create an organization (a root, or a child of an organization)")
    public Uni<OrganizationView> create(OrganizationCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/{id}")
    @Requires("organizations:read")
    @Operation(summary = "Read an organization")
    public Uni<OrganizationView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Requires("organizations:manage")
    @Operation(summary = "Change an organization's name or metadata, or move it under another parent")
    public Uni<OrganizationView> patch(@PathParam("id") String id, JsonNode body) {
        return service.patch(id, JsonPatch.of(body, OrganizationService.PATCHABLE, OrganizationService.IMMUTABLE));
    }

    @DELETE
    @Path("/{id}")
    @Requires("organizations:manage")
    @Operation(summary = "Delete an organization that has no child organization, space, role or admin grant")
    public Uni<OrganizationView> delete(@PathParam("id") String id) {
        return service.delete(id);
    }

    @POST
    @Path("/{id}/disable")
    @Requires("organizations:manage")
    @Operation(summary = "Disable an organization: every decision in its spaces and those below it is denied")
    public Uni<OrganizationView> disable(@PathParam("id") String id) {
        return service.setStatus(id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires("organizations:manage")
    @Operation(summary = "Restore a disabled organization")
    public Uni<OrganizationView> restore(@PathParam("id") String id) {
        return service.setStatus(id, Status.ACTIVE, "restored");
    }
}
