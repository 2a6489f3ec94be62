package io.plystra.identity.user;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import io.plystra.kernel.Requires.Scope;
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserResource {

    @Inject
    UserService service;

    @GET
    @Requires(value = "users:read", scope = Scope.INSTANCE)
    @Operation(summary = "List users, optionally by status or email")
    public Uni<Page<UserView>> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                    @QueryParam("status") String status, @QueryParam("email") String email) {
        return service.list(PageRequest.parse(limit, cursor), status, email);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "users:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Create a user")
    public Uni<UserView> create(UserCreate body) {
        return service.create(body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "users:read", scope = Scope.INSTANCE)
    @Operation(summary = "Read a user")
    public Uni<UserView> get(@PathParam("id") String id) {
        return service.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "users:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Change a user's email, username, phone or password")
    public Uni<UserView> patch(@PathParam("id") String id, JsonNode body) {
        return service.patch(id, JsonPatch.of(body, UserService.PATCHABLE, UserService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "users:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Disable a user")
    public Uni<UserView> disable(@PathParam("id") String id) {
        return service.setStatus(id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "users:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Restore a disabled user")
    public Uni<UserView> restore(@PathParam("id") String id) {
        return service.setStatus(id, Status.ACTIVE, "restored");
    }

    @POST
    @Path("/{id}/sessions/revoke")
    @Requires(value = "users:manage", scope = Scope.INSTANCE)
    @Operation(summary = "End every live session of a user (API keys stay)")
    public Uni<Map<String, Object>> revokeSessions(@PathParam("id") String id) {
        return service.endSessions(id);
    }
}
