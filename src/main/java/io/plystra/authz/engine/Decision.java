package io.plystra.authz.engine;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one authorization decision. It is also the trace: the explain body and the audit row's trace.
 * {@code denyCode} is null on allow; {@code auditLogId} is null until the audit row is written.
 */
public record Decision(String traceVersion, String traceId, String decision, DenyCode denyCode, String reason,
                       ActorSnapshot actor, SpaceSnapshot space, TargetSnapshot target,
                       RegistrySnapshot resourceRegistry, List<Candidate> matchedCandidates, RequestMeta request,
                       Instant evaluatedAt, String auditLogId) {

    public static final String TRACE_VERSION = "1.0";
    public static final String ALLOW = "allow";
    public static final String DENY = "deny";

    public Decision {
        matchedCandidates = matchedCandidates == null ? List.of() : List.copyOf(matchedCandidates);
    }

    public boolean allows() {
        return ALLOW.equals(decision);
    }

    public Decision withAuditLogId(String id) {
        return new Decision(traceVersion, traceId, decision, denyCode, reason, actor, space, target,
                resourceRegistry, matchedCandidates, request, evaluatedAt, id);
    }
}
