package io.plystra.authz.engine;

/**
 * The result of evaluating a covered candidate's conditions: {@code failed} is the first condition that did not
 * hold (its text), null when all held; {@code denyCode} is null when satisfied.
 */
public record ConditionCheck(boolean satisfied, String failed, String reason, DenyCode denyCode) {

    static final ConditionCheck NONE = new ConditionCheck(true, null, "no conditions", null);
}
