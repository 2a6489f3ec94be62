package io.plystra.authz.engine;

/** The result of checking one candidate's scope against the target. {@code denyCode} is null when covered. */
public record ScopeCheck(boolean covered, String rule, String reason, DenyCode denyCode) {

    static ScopeCheck pass(String rule, String reason) {
        return new ScopeCheck(true, rule, reason, null);
    }

    static ScopeCheck fail(String rule, String reason, DenyCode denyCode) {
        return new ScopeCheck(false, rule, reason, denyCode);
    }
}
