package io.plystra.session.grant;

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
import io.plystra.kernel.SessionOnly;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Admin grants")
public class GrantResource {

    @Inject
    GrantService service;

    @GET
    @Path("/me")
    @SessionOnly
    @Operation(summary = "The caller's user and its active admin grants")
    public Uni<GrantService.AdminMe> me() {
        return service.me();
    }

    @GET
    @Path("/grants")
    @Requires("admin_grants:read")
    @Operation(summary = "List the admin grants of the spaces the caller may read")
    public Uni<Page<GrantView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                     @QueryParam("user_id") String userId, @QueryParam("status") String status) {
        return service.list(PageRequest.parse(limit, cursor), userId, status);
    }

    @POST
    @Path("/grants")
    @ResponseStatus(201)
    @Requires("admin_grants:manage")
    @Operation(summary = "Grant a user an admin level and permission key")
    public Uni<GrantView> create(GrantCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/grants/{id}")
    @Requires("admin_grants:read")
    @Operation(summary = "Read an admin grant")
    public Uni<GrantView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @POST
    @Path("/grants/{id}/revoke")
    @Requires("admin_grants:manage")
    @Operation(summary = "Revoke an admin grant")
    public Uni<GrantView> revoke(@PathParam("id") String id) {
        return service.revoke(id);
    }
}
