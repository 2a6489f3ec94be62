package io.plystra.identity.user;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.databind.JsonNode;

import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService service;

    public UserResource(UserService service) {
        this.service = service;
    }

    @GET
    public Uni<ApiResponse<List<UserView>>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                                 @QueryParam("status") String status, @QueryParam("email") String email,
                                                 RoutingContext ctx) {
        return service.list(Caller.of(ctx), PageRequest.parse(limit, cursor), status, email)
                .map(page -> ApiResponse.page(page, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @ResponseStatus(201)
    public Uni<ApiResponse<UserView>> create(UserCreate body, RoutingContext ctx) {
        return service.create(Caller.of(ctx), RequestInfo.of(ctx), body).map(u -> ApiResponse.of(u, RequestInfo.of(ctx).requestId()));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<UserView>> get(@PathParam("id") String id, RoutingContext ctx) {
        return service.get(Caller.of(ctx), id).map(u -> ApiResponse.of(u, RequestInfo.of(ctx).requestId()));
    }

    @PATCH
    @Path("/{id}")
    public Uni<ApiResponse<UserView>> patch(@PathParam("id") String id, JsonNode body, RoutingContext ctx) {
        JsonPatch patch = JsonPatch.of(body, UserService.PATCHABLE, UserService.IMMUTABLE);
        return service.patch(Caller.of(ctx), RequestInfo.of(ctx), id, patch).map(u -> ApiResponse.of(u, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/disable")
    public Uni<ApiResponse<UserView>> disable(@PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), id, "disabled", "disabled")
                .map(u -> ApiResponse.of(u, RequestInfo.of(ctx).requestId()));
    }

    @POST
    @Path("/{id}/restore")
    public Uni<ApiResponse<UserView>> restore(@PathParam("id") String id, RoutingContext ctx) {
        return service.setStatus(Caller.of(ctx), RequestInfo.of(ctx), id, "active", "restored")
                .map(u -> ApiResponse.of(u, RequestInfo.of(ctx).requestId()));
    }
}
