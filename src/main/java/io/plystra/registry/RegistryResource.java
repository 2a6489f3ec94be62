package io.plystra.registry;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
 * The resource registry, rows of no space: a {@code registry:read} grant anywhere reads it (it holds no
 * tenant data); only an instance-level {@code registry:manage} grant changes it.
 */
@Path("/api/v1/resource-types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Resource registry")
public class RegistryResource {

    @Inject
    RegistryService service;

    @GET
    @Requires("registry:read")
    @Operation(summary = "List the registered resource types")
    public Uni<Page<ResourceTypeView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                            @QueryParam("status") String status) {
        return service.listTypes(PageRequest.parse(limit, cursor), status);
    }

    /** 201 when the key was new, 200 when an existing type was updated. */
    @POST
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Register a resource type, or update the one with this key")
    public Uni<RestResponse<ResourceTypeView>> upsert(ResourceTypeUpsert body) {
        return service.upsertType(body).map(RegistryResource::respond);
    }

    @GET
    @Path("/{key}")
    @Requires("registry:read")
    @Operation(summary = "Read a resource type")
    public Uni<ResourceTypeView> get(@PathParam("key") String key) {
        return service.getType(key);
    }

    @GET
    @Path("/{key}/actions")
    @Requires("registry:read")
    @Operation(summary = "List the actions of a resource type")
    public Uni<Page<ResourceActionView>> actions(@PathParam("key") String key, @QueryParam("limit") String limit,
                                                 @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return service.listActions(key, PageRequest.parse(limit, cursor), status);
    }

    /** 201 when the action key was new for this type, 200 when it was updated. */
    @POST
    @Path("/{key}/actions")
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Register an action of a resource type, or update the one with this key")
    public Uni<RestResponse<ResourceActionView>> upsertAction(@PathParam("key") String key, ResourceActionUpsert body) {
        return service.upsertAction(key, body).map(RegistryResource::respond);
    }

    @GET
    @Path("/{key}/mapping")
    @Requires("registry:read")
    @Operation(summary = "Read where a resource type's rows live (the standard mapping when none is stored)")
    public Uni<ResourceMappingView> mapping(@PathParam("key") String key) {
        return service.getMapping(key);
    }

    @PUT
    @Path("/{key}/mapping")
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Store a resource type's mapping")
    public Uni<ResourceMappingView> putMapping(@PathParam("key") String key, ResourceMappingPut body) {
        return service.putMapping(key, body);
    }

    private static <T> RestResponse<T> respond(Upserted<T> upserted) {
        return RestResponse.status(upserted.created() ? Response.Status.CREATED : Response.Status.OK, upserted.view());
    }
}
