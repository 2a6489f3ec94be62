package io.plystra.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.plystra.kernel.Requires;
import io.smallrye.mutiny.Uni;

/**
 * HTTP forward-auth for NGINX {@code auth_request}, Caddy {@code forward_auth} and Traefik
 * {@code ForwardAuth}: the gateway's key in {@code X-Plystra-Gateway-Key}, the original request in
 * {@code X-Forwarded-*} or {@code X-Original-*} headers, the end user's credential in
 * {@code Authorization}. 200 (empty, with identity headers for the upstream), 403 with the deny
 * code, 401 without a usable end-user credential; anything else the gateway treats as an error.
 * Every method, since some gateways ask with the original request's.
 */
@Path("/api/v1/authz/forward")
@Tag(name = "Gateway")
public class ForwardResource {

    @Inject
    ForwardService service;

    @GET
    @Requires(value = "authz:check", credentialHeader = Requires.GATEWAY_KEY)
    @Operation(summary = "Forward-auth: decide the gateway's request (GET, and HEAD)")
    public Uni<RestResponse<Void>> get(HttpHeaders headers) {
        return answer(headers, "GET");
    }

    @POST
    @Requires(value = "authz:check", credentialHeader = Requires.GATEWAY_KEY)
    @Operation(summary = "Forward-auth: decide the gateway's request")
    public Uni<RestResponse<Void>> post(HttpHeaders headers) {
        return answer(headers, "POST");
    }

    @PUT
    @Requires(value = "authz:check", credentialHeader = Requires.GATEWAY_KEY)
    @Operation(summary = "Forward-auth: decide the gateway's request")
    public Uni<RestResponse<Void>> put(HttpHeaders headers) {
        return answer(headers, "PUT");
    }

    @PATCH
    @Requires(value = "authz:check", credentialHeader = Requires.GATEWAY_KEY)
    @Operation(summary = "Forward-auth: decide the gateway's request")
    public Uni<RestResponse<Void>> patch(HttpHeaders headers) {
        return answer(headers, "PATCH");
    }

    @DELETE
    @Requires(value = "authz:check", credentialHeader = Requires.GATEWAY_KEY)
    @Operation(summary = "Forward-auth: decide the gateway's request")
    public Uni<RestResponse<Void>> delete(HttpHeaders headers) {
        return answer(headers, "DELETE");
    }

    private Uni<RestResponse<Void>> answer(HttpHeaders headers, String method) {
        return service.forward(ForwardService.OriginalRequest.of(headers, method), headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                headers.getHeaderString(ForwardService.SPACE_HEADER), headers.getHeaderString(ForwardService.MEMBER_HEADER)).map(a -> {
            RestResponse.ResponseBuilder<Void> ok = RestResponse.ResponseBuilder.ok();
            a.upstreamHeaders().forEach(ok::header);
            return ok.build();
        });
    }
}
