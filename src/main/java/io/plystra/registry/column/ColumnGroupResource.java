package io.plystra.registry.column;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import io.smallrye.mutiny.Uni;

/** A resource type's column groups, with the permissions of the rest of the registry. */
@Path("/api/v1/resource-types/{key}/column-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Resource registry")
public class ColumnGroupResource {

    @Inject
    ColumnService service;

    @GET
    @Requires("registry:read")
    @Operation(summary = "List a resource type's column groups")
    public Uni<Page<ColumnGroupView>> list(@PathParam("key") String key, @QueryParam("limit") String limit,
                                           @QueryParam("cursor") String cursor) {
        return service.listGroups(key, PageRequest.parse(limit, cursor));
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Create a column group: a named set of the type's columns")
    public Uni<ColumnGroupView> create(@PathParam("key") String key, ColumnGroupCreate body) {
        return service.createGroup(key, body);
    }

    @GET
    @Path("/{group}")
    @Requires("registry:read")
    @Operation(summary = "Read a column group")
    public Uni<ColumnGroupView> get(@PathParam("key") String key, @PathParam("group") String group) {
        return service.getGroup(key, group);
    }

    @PATCH
    @Path("/{group}")
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Change a column group's columns or description")
    public Uni<ColumnGroupView> patch(@PathParam("key") String key, @PathParam("group") String group, JsonNode body) {
        return service.patchGroup(key, group, JsonPatch.of(body, ColumnService.PATCHABLE, ColumnService.IMMUTABLE));
    }

    @DELETE
    @Path("/{group}")
    @Requires(value = "registry:manage", scope = Scope.INSTANCE)
    @Operation(summary = "Delete a column group")
    public Uni<ColumnGroupView> delete(@PathParam("key") String key, @PathParam("group") String group) {
        return service.deleteGroup(key, group);
    }
}
