package io.plystra.authz.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a binding's conditions at a decision's instant, purely: the window first, then each required attribute in
 * order; the first that fails decides the deny code. Fail closed: an absent attribute (unknown, expired, or not sent in
 * the request's context) fails every operator; values of kinds an operator cannot compare fail it.
 *
 * <p>Semantics: {@code eq} equal (numbers by value, times as instants, strings exactly); {@code ne} present and not
 * equal; {@code in} equal to one element; {@code not_in} present and equal to none; {@code lt lte gt gte} numbers or
 * times only; {@code contains} a list holding an equal element, or a string holding the text; {@code starts_with}
 * strings; {@code in_cidr} an IP address literal inside the block; {@code exists} present.
 */
public final class ConditionEvaluator {

    private ConditionEvaluator() {
    }

    public static ConditionCheck check(Conditions conditions, Attributes attributes, Map<String, Object> context, Instant now) {
        if (conditions == null || conditions.unconditional()) {
            return ConditionCheck.NONE;
        }
        if (conditions.startsAt() != null && now.isBefore(conditions.startsAt())) {
            return new ConditionCheck(false, "starts_at " + conditions.startsAt(),
                    "the binding is valid from " + conditions.startsAt(), DenyCode.BINDING_NOT_YET_VALID);
        }
        if (conditions.endsAt() != null && !now.isBefore(conditions.endsAt())) {
            return new ConditionCheck(false, "ends_at " + conditions.endsAt(),
                    "the binding ended at " + conditions.endsAt(), DenyCode.BINDING_EXPIRED);
        }
        for (Condition condition : conditions.requiredAttributes()) {
            Object actual = value(condition, attributes == null ? Attributes.NONE : attributes, context, now);
            if (!holds(condition.op(), actual, condition.value())) {
                String seen = actual == null ? "is absent" : "is " + actual;
                return new ConditionCheck(false, condition.toString(), condition.attribute() + " " + seen
                        + ", the binding requires " + condition, DenyCode.CONDITION_NOT_MET);
            }
        }
        return new ConditionCheck(true, null, "every condition holds", null);
    }

    /** Whether {@code op} holds between the attribute's value ({@code null}: absent) and the condition's value. */
    public static boolean holds(String op, Object actual, Object expected) {
        if (actual == null) {
            return false;
        }
        return switch (op) {
            case "exists" -> true;
            case "eq" -> equal(actual, expected);
            case "ne" -> !equal(actual, expected);
            case "in" -> expected instanceof List<?> list && list.stream().anyMatch(e -> equal(actual, e));
            case "not_in" -> expected instanceof List<?> list && list.stream().noneMatch(e -> equal(actual, e));
            case "lt", "lte", "gt", "gte" -> ordered(op, order(actual, expected));
            case "contains" -> actual instanceof List<?> list ? list.stream().anyMatch(e -> equal(e, expected))
                    : actual instanceof String text && expected instanceof String part && text.contains(part);
            case "starts_with" -> actual instanceof String text && expected instanceof String prefix && text.startsWith(prefix);
            case "in_cidr" -> actual instanceof String address && expected instanceof String block
                    && Cidr.parse(block) != null && Cidr.parse(block).contains(address);
            default -> false;
        };
    }

    private static final int NOT_ORDERED = Integer.MIN_VALUE;

    private static boolean ordered(String op, int order) {
        return order != NOT_ORDERED && switch (op) {
            case "lt" -> order < 0;
            case "lte" -> order <= 0;
            case "gt" -> order > 0;
            default -> order >= 0;
        };
    }

    static boolean equal(Object actual, Object expected) {
        Object a = ConditionParser.normalize(actual);
        Object e = ConditionParser.normalize(expected);
        if (a instanceof BigDecimal x && e instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof Instant x) {
            Instant y = instant(e);
            return y != null && x.equals(y);
        }
        return a != null && (a instanceof String || a instanceof Boolean) && a.equals(e);
    }

    /** Negative, zero or positive; {@link #NOT_ORDERED} when the two are not both numbers or both times. */
    private static int order(Object actual, Object expected) {
        Object a = ConditionParser.normalize(actual);
        Object e = ConditionParser.normalize(expected);
        if (a instanceof BigDecimal x && e instanceof BigDecimal y) {
            return Integer.signum(x.compareTo(y));
        }
        if (a instanceof Instant x) {
            Instant y = instant(e);
            return y == null ? NOT_ORDERED : Integer.signum(x.compareTo(y));
        }
        return NOT_ORDERED;
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** The value the condition reads, or null when absent at {@code now}. */
    static Object value(Condition condition, Attributes attributes, Map<String, Object> context, Instant now) {
        String key = condition.key();
        Map<String, Attribute> stored = switch (condition.source()) {
            case "principal" -> attributes.principal();
            case "resource" -> attributes.resource();
            case "space" -> attributes.space();
            case "organization" -> attributes.organization();
            default -> null;
        };
        if (stored != null) {
            Attribute attribute = stored.get(key);
            return attribute == null || !attribute.liveAt(now) ? null : attribute.value();
        }
        return contextValue(context, key);
    }

    /** {@code key} in the context, or a dotted path through its nested objects. */
    private static Object contextValue(Map<String, Object> context, String key) {
        if (context == null) {
            return null;
        }
        if (context.containsKey(key)) {
            return context.get(key);
        }
        Object at = context;
        for (String part : key.split("\\.")) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(part);
        }
        return at;
    }
}
