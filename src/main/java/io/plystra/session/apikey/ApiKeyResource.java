package io.plystra.session.apikey;

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
import io.smallrye.mutiny.Uni;

@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
public class ApiKeyResource {

    @Inject
    ApiKeyService service;

    @GET
    @Requires("api_keys:read")
    @Operation(summary = "List the API keys of the spaces the caller may read")
    public Uni<Page<ApiKeyView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                      @QueryParam("status") String status) {
        return service.list(PageRequest.parse(limit, cursor), status);
    }

    @POST
    @ResponseStatus(201)
    @Requires("api_keys:manage")
    @Operation(summary = "Create an API key; the answer carries the key, shown this once")
    public Uni<ApiKeyView> create(ApiKeyCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/{id}")
    @Requires("api_keys:read")
    @Operation(summary = "Read an API key (never the key itself)")
    public Uni<ApiKeyView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/revoke")
    @Requires("api_keys:manage")
    @Operation(summary = "Revoke an API key")
    public Uni<ApiKeyView> revoke(@PathParam("id") String id) {
        return service.revoke(id);
    }
}
