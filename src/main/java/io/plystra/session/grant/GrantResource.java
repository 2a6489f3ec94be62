package io.plystra.session.grant;

import io.plystra.kernel.SessionOnly;
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

@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GrantResource {

    private final GrantService service;

    public GrantResource(GrantService service) {
        this.service = service;
    }

    @GET
    @Path("/me")
    @SessionOnly
    public Uni<ApiResponse<GrantService.AdminMe>> me(RoutingContext ctx) {
        return service.me(Caller.of(ctx)).map(me -> ApiResponse.of(me, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/grants")
    public Uni<ApiResponse<List<GrantView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                  @QueryParam("user_id") String userId, @QueryParam("status") String status,
                                                  RoutingContext ctx) {
        return service.list(Caller.of(ctx), PageRequest.parse(limit, cursor), userId, status)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/grants")
    @ResponseStatus(201)
    public Uni<ApiResponse<GrantView>> create(GrantCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), body).map(g -> ApiResponse.of(g, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/grants/{id}")
    public Uni<ApiResponse<GrantView>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(g -> ApiResponse.of(g, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/grants/{id}/revoke")
    public Uni<ApiResponse<GrantView>> revoke(@PathParam("id") String id, RoutingContext ctx) {
        return service.revoke(Caller.of(ctx), RequestInfo.of(ctx), id).map(g -> ApiResponse.of(g, RequestInfo.of(ctx).requestId()));
    }
}
