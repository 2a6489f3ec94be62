package io.plystra.authz;

import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DenyCode;

/** The {@code check} answer: the decision without its trace. */
public record CheckResult(boolean allow, String decision, DenyCode denyCode, String reason, String traceId, String auditLogId) {

    static CheckResult of(Decision d) {
        return new CheckResult(d.allows(), d.decision(), d.denyCode(), d.reason(), d.traceId(), d.auditLogId());
    }
}
