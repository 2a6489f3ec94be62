package io.plystra.session;

import io.plystra.kernel.SessionOnly;
import io.plystra.kernel.Caller;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.RequestInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** The session's own actor: what it acts as now, and switching to another of the user's bindings. */
@Path("/api/v1/actor")
@Produces(MediaType.APPLICATION_JSON)
public class ActorResource {

    private final SessionStore sessions;

    public ActorResource(SessionStore sessions) {
        this.sessions = sessions;
    }

    @GET
    @Path("/context")
    @SessionOnly
    public Uni<ApiResponse<Map<String, Object>>> context(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        return context(caller, caller.actor(), ctx);
    }

    @POST
    @Path("/switch-member")
    @SessionOnly
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ApiResponse<Map<String, Object>>> switchMember(SwitchMemberRequest body, RoutingContext ctx) {
        if (body == null || body.userMemberId() == null || body.userMemberId().isBlank() || body.userMemberId().length() > 256) {
            throw ApiException.validation("user_member_id", "is required");
        }
        Caller caller = Caller.of(ctx);
        return sessions.switchMember(caller.sessionId(), body.userMemberId()).flatMap(actor -> context(caller, actor, ctx));
    }

    private Uni<ApiResponse<Map<String, Object>>> context(Caller caller, Caller.Actor actor, RoutingContext ctx) {
        return sessions.availableMembers(caller.userId()).flatMap(members -> sessions.accessExpiresAt(caller.sessionId())
                .map(expiresAt -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("session_id", caller.sessionId());
                    data.put("actor", actor);
                    data.put("available_members", members);
                    data.put("expires_at", expiresAt);
                    return ApiResponse.of(data, RequestInfo.of(ctx).requestId());
                }));
    }

    public record SwitchMemberRequest(String userMemberId) {
    }
}
