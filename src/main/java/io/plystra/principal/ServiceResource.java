package io.plystra.principal;

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
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

/** One service principal and its keys, by id; the services narrow to the service's space (404 out of reach). */
@Path("/api/v1/services")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Services")
public class ServiceResource {

    @Inject
    ServicePrincipalService services;
    @Inject
    ServiceKeyService keys;

    @GET
    @Path("/{id}")
    @Requires("services:read")
    @Operation(summary = "Read a service principal")
    public Uni<ServiceView> get(@PathParam("id") String id) {
        return services.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Requires("services:manage")
    @Operation(summary = "Change a service's name or description")
    public Uni<ServiceView> patch(@PathParam("id") String id, JsonNode body) {
        return services.patch(id, JsonPatch.of(body, ServicePrincipalService.PATCHABLE, ServicePrincipalService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires("services:manage")
    @Operation(summary = "Disable a service: every decision for it is a deny (SERVICE_INACTIVE)")
    public Uni<ServiceView> disable(@PathParam("id") String id) {
        return services.setStatus(id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires("services:manage")
    @Operation(summary = "Restore a disabled service")
    public Uni<ServiceView> restore(@PathParam("id") String id) {
        return services.setStatus(id, Status.ACTIVE, "restored");
    }

    @GET
    @Path("/{id}/keys")
    @Requires("services:read")
    @Operation(summary = "List a service's keys (never the keys themselves)")
    public Uni<Page<ServiceKeyView>> listKeys(@PathParam("id") String id, @QueryParam("limit") String limit,
                                              @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return keys.list(id, PageRequest.parse(limit, cursor), status);
    }

    @POST
    @Path("/{id}/keys")
    @ResponseStatus(201)
    @Requires("services:manage")
    @Operation(summary = "Create a service key; the answer carries the key, shown this once")
    public Uni<ServiceKeyView> createKey(@PathParam("id") String id, ServiceKeyCreate body) {
        return keys.create(id, body);
    }

    @GET
    @Path("/{id}/keys/{key_id}")
    @Requires("services:read")
    @Operation(summary = "Read a service key (never the key itself)")
    public Uni<ServiceKeyView> getKey(@PathParam("id") String id, @PathParam("key_id") String keyId) {
        return keys.get(id, keyId);
    }

    @POST
    @Path("/{id}/keys/{key_id}/revoke")
    @Requires("services:manage")
    @Operation(summary = "Revoke a service key")
    public Uni<ServiceKeyView> revokeKey(@PathParam("id") String id, @PathParam("key_id") String keyId) {
        return keys.revoke(id, keyId);
    }
}
