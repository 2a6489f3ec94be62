package io.plystra.session.apikey;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/api/v1/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    private final ApiKeyService service;

    public ApiKeyResource(ApiKeyService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<ApiKeyView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                   @QueryParam("status") String status, RoutingContext ctx) {
        return service.list(Caller.of(ctx), PageRequest.parse(limit, cursor), status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    /** 201 with {@code key}, shown this once. */
    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<ApiKeyView>> create(ApiKeyCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), body).map(k -> ApiResponse.of(k, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<ApiKeyView>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(k -> ApiResponse.of(k, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/revoke")
    public Uni<ApiResponse<ApiKeyView>> revoke(@PathParam("id") String id, RoutingContext ctx) {
        return service.revoke(Caller.of(ctx), RequestInfo.of(ctx), id).map(k -> ApiResponse.of(k, RequestInfo.of(ctx).requestId()));
    }
}
