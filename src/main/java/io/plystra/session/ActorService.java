package io.plystra.session;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.RequestContext;
import io.smallrye.mutiny.Uni;

/** The session's own actor: what it acts as now, and switching to another of the user's bindings. */
@ApplicationScoped
public class ActorService {

    @Inject
    SessionRepository sessions;
    @Inject
    RequestContext request;

    /** The session, its actor, the bindings the user may act through and when the access token expires. */
    public Uni<Map<String, Object>> context() {
        Caller caller = request.caller();
        return context(caller, caller.actor());
    }

    /** Makes {@code user_member_id} the session's actor; 403 {@code ACTIVE_MEMBER_REQUIRED} unless the user may act through it. */
    public Uni<Map<String, Object>> switchMember(SwitchMemberRequest body) {
        if (body == null || body.userMemberId() == null || body.userMemberId().isBlank() || body.userMemberId().length() > 256) {
            throw ApiException.validation("user_member_id", "is required");
        }
        Caller caller = request.caller();
        return sessions.switchMember(caller.sessionId(), body.userMemberId()).flatMap(actor -> context(caller, actor));
    }

    private Uni<Map<String, Object>> context(Caller caller, Caller.Actor actor) {
        return sessions.availableMembers(caller.userId()).flatMap(members -> sessions.accessExpiresAt(caller.sessionId())
                .map(expiresAt -> {
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("session_id", caller.sessionId());
                    data.put("actor", actor);
                    data.put("available_members", members);
                    data.put("expires_at", expiresAt);
                    return data;
                }));
    }

    /** The body of {@code /actor/switch-member}. */
    public record SwitchMemberRequest(String userMemberId) {
    }
}
