package io.plystra.identity.team;

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

import io.plystra.identity.team.TeamViews.MembershipCreate;
import io.plystra.identity.team.TeamViews.MembershipView;
import io.plystra.identity.team.TeamViews.ParentCreate;
import io.plystra.identity.team.TeamViews.ParentView;
import io.plystra.identity.team.TeamViews.TeamCreate;
import io.plystra.identity.team.TeamViews.TeamView;
import io.plystra.kernel.JsonPatch;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Requires;
import io.plystra.kernel.Requires.Scope;
import io.plystra.kernel.Status;
import io.smallrye.mutiny.Uni;

/** Teams of a space: the team, its memberships and its inheritance links, under the space's {@code teams:*}. */
@Path("/api/v1/spaces/{sid}/teams")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Teams")
public class TeamResource {

    @Inject
    TeamService service;

    @GET
    @Requires(value = "teams:read", scope = Scope.SPACE)
    @Operation(summary = "List the teams of a space")
    public Uni<Page<TeamView>> list(@PathParam("sid") String sid, @QueryParam("limit") String limit,
                                    @QueryParam("cursor") String cursor, @QueryParam("status") String status) {
        return service.list(sid, PageRequest.parse(limit, cursor), status);
    }

    @POST
    @ResponseStatus(201)
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Create a team")
    public Uni<TeamView> create(@PathParam("sid") String sid, TeamCreate body) {
        return service.create(sid, body);
    }

    @GET
    @Path("/{id}")
    @Requires(value = "teams:read", scope = Scope.SPACE)
    @Operation(summary = "Read a team")
    public Uni<TeamView> get(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.get(sid, id);
    }

    @PATCH
    @Path("/{id}")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Rename a team or change its description")
    public Uni<TeamView> patch(@PathParam("sid") String sid, @PathParam("id") String id, JsonNode body) {
        return service.patch(sid, id, JsonPatch.of(body, TeamService.PATCHABLE, TeamService.IMMUTABLE));
    }

    @POST
    @Path("/{id}/disable")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Disable a team: its bindings stop applying to its members")
    public Uni<TeamView> disable(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.setStatus(sid, id, Status.DISABLED, "disabled");
    }

    @POST
    @Path("/{id}/restore")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Restore a disabled team")
    public Uni<TeamView> restore(@PathParam("sid") String sid, @PathParam("id") String id) {
        return service.setStatus(sid, id, Status.ACTIVE, "restored");
    }

    @GET
    @Path("/{id}/members")
    @Requires(value = "teams:read", scope = Scope.SPACE)
    @Operation(summary = "List a team's memberships")
    public Uni<Page<MembershipView>> members(@PathParam("sid") String sid, @PathParam("id") String id,
                                             @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.members(sid, id, PageRequest.parse(limit, cursor));
    }

    @POST
    @Path("/{id}/members")
    @ResponseStatus(201)
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Add a member (a person's or a service's) to a team, optionally for a window")
    public Uni<MembershipView> addMember(@PathParam("sid") String sid, @PathParam("id") String id, MembershipCreate body) {
        return service.addMember(sid, id, body);
    }

    @PATCH
    @Path("/{id}/members/{member_id}")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Change a membership's window")
    public Uni<MembershipView> patchMember(@PathParam("sid") String sid, @PathParam("id") String id,
                                           @PathParam("member_id") String memberId, JsonNode body) {
        return service.patchMember(sid, id, memberId, JsonPatch.of(body, TeamService.LINK_PATCHABLE, TeamService.LINK_IMMUTABLE));
    }

    @DELETE
    @Path("/{id}/members/{member_id}")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Remove a member from a team")
    public Uni<MembershipView> removeMember(@PathParam("sid") String sid, @PathParam("id") String id,
                                            @PathParam("member_id") String memberId) {
        return service.removeMember(sid, id, memberId);
    }

    @GET
    @Path("/{id}/parents")
    @Requires(value = "teams:read", scope = Scope.SPACE)
    @Operation(summary = "List the teams a team inherits from")
    public Uni<Page<ParentView>> parents(@PathParam("sid") String sid, @PathParam("id") String id,
                                         @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return service.parents(sid, id, PageRequest.parse(limit, cursor));
    }

    @POST
    @Path("/{id}/parents")
    @ResponseStatus(201)
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Make a team inherit from a parent team, optionally for a window (cycles are refused)")
    public Uni<ParentView> addParent(@PathParam("sid") String sid, @PathParam("id") String id, ParentCreate body) {
        return service.addParent(sid, id, body);
    }

    @PATCH
    @Path("/{id}/parents/{parent_id}")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "Change an inheritance link's window")
    public Uni<ParentView> patchParent(@PathParam("sid") String sid, @PathParam("id") String id,
                                       @PathParam("parent_id") String parentId, JsonNode body) {
        return service.patchParent(sid, id, parentId, JsonPatch.of(body, TeamService.LINK_PATCHABLE, TeamService.LINK_IMMUTABLE));
    }

    @DELETE
    @Path("/{id}/parents/{parent_id}")
    @Requires(value = "teams:manage", scope = Scope.SPACE)
    @Operation(summary = "End a team's inheritance from a parent")
    public Uni<ParentView> removeParent(@PathParam("sid") String sid, @PathParam("id") String id,
                                        @PathParam("parent_id") String parentId) {
        return service.removeParent(sid, id, parentId);
    }
}
