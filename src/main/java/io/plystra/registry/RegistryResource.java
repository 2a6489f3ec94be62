package io.plystra.registry;

import io.plystra.kernel.Status;

import java.util.List;

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

import org.jboss.resteasy.reactive.RestResponse;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/api/v1/resource-types")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RegistryResource {

    private final RegistryService service;

    public RegistryResource(RegistryService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<ResourceTypeView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                         @QueryParam("status") String status, RoutingContext ctx) {
        return service.listTypes(Caller.of(ctx), PageRequest.parse(limit, cursor), status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    /** 201 when the key was new, 200 when an existing type was updated. */
    @POST
    public Uni<RestResponse<ApiResponse<ResourceTypeView>>> upsert(ResourceTypeUpsert body, RoutingContext ctx) {
        return service.upsertType(Caller.of(ctx), RequestInfo.of(ctx), body).map(u -> respond(u, ctx));
    }

    @GET
    @Path("/{key}")
    public Uni<ApiResponse<ResourceTypeView>> get(@PathParam("key") String key, RoutingContext ctx) {
        return service.getType(Caller.of(ctx), key).map(t -> ApiResponse.of(t, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{key}/actions")
    public Uni<ApiResponse<List<ResourceActionView>>> actions(@PathParam("key") String key, @QueryParam("limit") String limit,
                                                              @QueryParam("cursor") String cursor,
                                                              @QueryParam("status") String status, RoutingContext ctx) {
        return service.listActions(Caller.of(ctx), key, PageRequest.parse(limit, cursor), status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    /** 201 when the action key was new for this type, 200 when it was updated. */
    @POST
    @Path("/{key}/actions")
    public Uni<RestResponse<ApiResponse<ResourceActionView>>> upsertAction(@PathParam("key") String key,
                                                                           ResourceActionUpsert body, RoutingContext ctx) {
        return service.upsertAction(Caller.of(ctx), RequestInfo.of(ctx), key, body).map(u -> respond(u, ctx));
    }

    @GET
    @Path("/{key}/mapping")
    public Uni<ApiResponse<ResourceMappingView>> mapping(@PathParam("key") String key, RoutingContext ctx) {
        return service.getMapping(Caller.of(ctx), key).map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    @PUT
    @Path("/{key}/mapping")
    public Uni<ApiResponse<ResourceMappingView>> putMapping(@PathParam("key") String key, ResourceMappingPut body,
                                                            RoutingContext ctx) {
        return service.putMapping(Caller.of(ctx), RequestInfo.of(ctx), key, body)
                .map(m -> ApiResponse.of(m, RequestInfo.of(ctx).requestId()));
    }

    private static <T> RestResponse<ApiResponse<T>> respond(Upserted<T> upserted, RoutingContext ctx) {
        return RestResponse.status(upserted.created() ? Response.Status.CREATED : Response.Status.OK,
                ApiResponse.of(upserted.view(), RequestInfo.of(ctx).requestId()));
    }
}
