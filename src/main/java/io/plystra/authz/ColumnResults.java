package io.plystra.authz;

import java.util.List;

import io.plystra.authz.engine.ColumnDecisions;
import io.plystra.authz.engine.Decision;
import io.plystra.authz.engine.DenyCode;

/** The answers of check-columns and allowed-columns: the row-level decision, then the columns. */
public final class ColumnResults {

    private ColumnResults() {
    }

    /** {@code allow_all}: every column of the type's catalogue is granted; {@code denied} lists each refused column with its code. */
    public record Check(boolean allow, String decision, DenyCode denyCode, String reason, boolean allowAll, List<String> allowed,
                        List<ColumnDecisions.DeniedColumn> denied, String traceId, String auditLogId) {

        static Check of(Decision d, ColumnDecisions.ColumnCheck c) {
            return new Check(d.allows(), d.decision(), d.denyCode(), d.reason(), c.allowAll(), c.allowed(), c.denied(), d.traceId(),
                    d.auditLogId());
        }
    }

    /** Every column the actor may use, each with the column groups that grant it ({@code *}: a binding without groups). */
    public record Allowed(boolean allow, String decision, DenyCode denyCode, String reason, boolean allowAll,
                          List<ColumnDecisions.AllowedColumn> columns, String traceId, String auditLogId) {

        static Allowed of(Decision d, ColumnDecisions.AllowedColumns c) {
            return new Allowed(d.allows(), d.decision(), d.denyCode(), d.reason(), c.allowAll(), c.columns(), d.traceId(),
                    d.auditLogId());
        }
    }
}
