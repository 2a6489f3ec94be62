package io.plystra.authz.engine;

import java.time.Instant;
import java.util.List;

/**
 * A binding's conditions (caveats): a validity window, attributes that must match, and the column groups the
 * binding is limited to ({@code columnGroups} null: every column). {@link ConditionParser} builds them from the
 * stored JSON; {@link ConditionEvaluator} checks them.
 */
public record Conditions(Instant startsAt, Instant endsAt, List<Condition> requiredAttributes, List<String> columnGroups) {

    public static final Conditions NONE = new Conditions(null, null, List.of(), null);

    public Conditions {
        requiredAttributes = requiredAttributes == null ? List.of() : List.copyOf(requiredAttributes);
        columnGroups = columnGroups == null ? null : List.copyOf(columnGroups);
    }

    /** Whether a required attribute is a stored one (principal, resource, space or organization), not the request's context. */
    public boolean readsStoredAttributes() {
        for (Condition c : requiredAttributes) {
            if (!"context".equals(c.source())) {
                return true;
            }
        }
        return false;
    }

    public boolean unconditional() {
        return startsAt == null && endsAt == null && requiredAttributes.isEmpty() && columnGroups == null;
    }
}
