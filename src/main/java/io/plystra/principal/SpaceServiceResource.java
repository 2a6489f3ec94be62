package io.plystra.principal;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/spaces/{sid}/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Services")
public class SpaceServiceResource {

    @Inject
    ServicePrincipalService service;

    @GET
    @Requires(value = "services:read", scope = Scope.SPACE)
    @Operation(summary = "List the service principals of a space")
    public Uni<Page<ServiceView>> list(@PathParam("sid") String spaceId, @QueryParam("limit") String limit,
                                       @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return service.list(spaceId, PageRequest.parse(limit, cursor), status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "services:manage", scope = Scope.SPACE)
    @Operation(summary = "Create a service principal, with the member it acts as")
    public Uni<ServiceView> create(@PathParam("sid") String spaceId, ServiceCreate body) {
        return service.create(spaceId, body);
    }
}
