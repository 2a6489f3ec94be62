package io.plystra.session;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.jboss.resteasy.reactive.RestResponse;

import io.plystra.kernel.Public;
import io.plystra.kernel.SessionOnly;
import io.plystra.session.AuthService.RefreshRequest;
import io.smallrye.mutiny.Uni;

/** Login, refresh and logout ({@link AuthService}). */
@Path("/api/v1/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions")
public class AuthResource {

    @Inject
    AuthService service;

    @POST
    @Path("/login")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in with email and password; answers access and refresh tokens")
    public Uni<RestResponse<Map<String, Object>>> login(LoginRequest body) {
        return service.login(body).map(AuthResource::uncached);
    }

    @POST
    @Path("/refresh")
    @Public
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange a refresh token for new tokens (the old one stops working)")
    public Uni<RestResponse<Map<String, Object>>> refresh(RefreshRequest body) {
        return service.refresh(body).map(AuthResource::uncached);
    }

    @POST
    @Path("/logout")
    @SessionOnly
    @Operation(summary = "Revoke the caller's session")
    public Uni<Map<String, Object>> logout() {
        return service.logout();
    }

    /** Tokens are never to be stored by a cache on the way. */
    private static <T> RestResponse<T> uncached(T tokens) {
        return RestResponse.ResponseBuilder.ok(tokens).header("Cache-Control", "no-store").build();
    }
}
