package io.plystra.session;

import java.util.List;

import io.plystra.authz.engine.ActorRef;

/**
 * Who is calling: a session (a logged-in user, with its active actor when it has one) or an API key.
 * Admin permissions come from the user's active admin grants, or from the key's own keys and space.
 */
public record Caller(String sessionId, String apiKeyId, String userId, String email, ActorRef actor,
                     List<AdminGrant> grants) {

    public static final String CONTEXT_KEY = "plystra.caller";

    /** Whether any grant carries {@code permission} at any level (the route gate). */
    public boolean holdsAnywhere(String permission) {
        return grants.stream().anyMatch(g -> g.coversKey(permission));
    }

    /** Whether a grant carries {@code permission} in {@code space} ({@code null}: instance-wide). */
    public boolean holdsIn(String permission, String space) {
        return grants.stream().anyMatch(g -> g.coversKey(permission) && g.appliesIn(space));
    }
}
