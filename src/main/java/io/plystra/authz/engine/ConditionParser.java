package io.plystra.authz.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a binding's {@code conditions} from its JSON form (maps, lists, strings, numbers, booleans) and refuses what
 * is not exactly the documented shape: unknown keys, unknown operators or sources, values of the wrong kind, a window
 * that ends before it starts. The binding routes validate with it on write, the snapshot loader reads with it, so what
 * is stored is what is evaluated.
 */
public final class ConditionParser {

    public static final Set<String> OPERATORS = Set.of("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte", "contains",
            "starts_with", "in_cidr", "exists");
    public static final Set<String> SOURCES = Set.of("principal", "resource", "space", "organization", "context");
    public static final int MAX_CONDITIONS = 32;
    public static final int MAX_LIST = 256;
    public static final int MAX_TEXT = 1024;
    private static final Set<String> KEYS = Set.of("starts_at", "ends_at", "required_attributes", "column_groups");
    private static final Set<String> CONDITION_KEYS = Set.of("attribute", "op", "value");
    private static final Pattern ATTRIBUTE = Pattern.compile("[a-z_]+\\.[A-Za-z0-9_.\\-]{1,128}");
    private static final Pattern GROUP_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    /** A field of the conditions object and what is wrong with it. */
    public static final class InvalidCondition extends RuntimeException {
        private final String field;

        InvalidCondition(String field, String problem) {
            super(problem, null, false, false);
            this.field = field;
        }

        /** The path below {@code conditions}, such as {@code required_attributes[1].op}. */
        public String field() {
            return field;
        }
    }

    private ConditionParser() {
    }

    /** Null or an empty object is no conditions. */
    public static Conditions parse(Object json) {
        if (json == null) {
            return Conditions.NONE;
        }
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidCondition("", "must be an object");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidCondition(String.valueOf(key), "is not a known condition (known: column_groups, ends_at, "
                        + "required_attributes, starts_at)");
            }
        }
        Instant startsAt = instant(map.get("starts_at"), "starts_at");
        Instant endsAt = instant(map.get("ends_at"), "ends_at");
        if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
            throw new InvalidCondition("ends_at", "must be after starts_at");
        }
        List<Condition> required = required(map.get("required_attributes"));
        List<String> groups = groups(map.get("column_groups"));
        return new Conditions(startsAt, endsAt, required, groups);
    }

    private static List<Condition> required(Object json) {
        if (json == null) {
            return List.of();
        }
        if (!(json instanceof List<?> list)) {
            throw new InvalidCondition("required_attributes", "must be an array");
        }
        if (list.size() > MAX_CONDITIONS) {
            throw new InvalidCondition("required_attributes", "holds at most " + MAX_CONDITIONS + " conditions");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            conditions.add(condition(list.get(i), "required_attributes[" + i + "]"));
        }
        return conditions;
    }

    private static Condition condition(Object json, String at) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new InvalidCondition(at, "must be an object with attribute, op and value");
        }
        for (Object key : map.keySet()) {
            if (!CONDITION_KEYS.contains(key)) {
                throw new InvalidCondition(at + "." + key, "is not a known field (known: attribute, op, value)");
            }
        }
        if (!(map.get("attribute") instanceof String attribute) || !ATTRIBUTE.matcher(attribute).matches()) {
            throw new InvalidCondition(at + ".attribute", "must be <source>.<key>, the source one of " + sorted(SOURCES));
        }
        String source = attribute.substring(0, attribute.indexOf('.'));
        if (!SOURCES.contains(source)) {
            throw new InvalidCondition(at + ".attribute", "source " + source + " is not one of " + sorted(SOURCES));
        }
        if (!(map.get("op") instanceof String op) || !OPERATORS.contains(op)) {
            throw new InvalidCondition(at + ".op", "must be one of " + sorted(OPERATORS));
        }
        Object value = map.get("value");
        String field = at + ".value";
        Object normalized = switch (op) {
            case "exists" -> {
                if (value != null && !Boolean.TRUE.equals(value)) {
                    throw new InvalidCondition(field, "must be absent or true for exists");
                }
                yield null;
            }
            case "in", "not_in" -> list(value, field);
            case "lt", "lte", "gt", "gte" -> {
                Object scalar = scalar(value, field);
                if (scalar instanceof BigDecimal) {
                    yield scalar;
                }
                if (scalar instanceof String text && isInstant(text)) {
                    yield text;
                }
                throw new InvalidCondition(field, "must be a number or an RFC 3339 time for " + op);
            }
            case "starts_with" -> text(value, field, op);
            case "in_cidr" -> {
                String cidr = text(value, field, op);
                if (Cidr.parse(cidr) == null) {
                    throw new InvalidCondition(field, "must be a CIDR block such as 10.0.0.0/8 or fd00::/8");
                }
                yield cidr;
            }
            default -> scalar(value, field); // eq ne contains
        };
        return new Condition(attribute, op, normalized);
    }

    private static List<String> groups(Object json) {
        if (json == null) {
            return null;
        }
        if (!(json instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidCondition("column_groups", "must be a non-empty array of column group keys");
        }
        Set<String> groups = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String key) || !GROUP_KEY.matcher(key).matches()) {
                throw new InvalidCondition("column_groups[" + i + "]", "must be a column group key");
            }
            groups.add(key);
        }
        if (groups.size() > MAX_LIST) {
            throw new InvalidCondition("column_groups", "holds at most " + MAX_LIST + " groups");
        }
        return List.copyOf(groups);
    }

    private static Instant instant(Object json, String field) {
        if (json == null) {
            return null;
        }
        if (json instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // fall through
            }
        }
        throw new InvalidCondition(field, "must be an RFC 3339 time such as 2026-12-01T00:00:00Z");
    }

    private static List<Object> list(Object json, String field) {
        if (!(json instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidCondition(field, "must be a non-empty array");
        }
        if (list.size() > MAX_LIST) {
            throw new InvalidCondition(field, "holds at most " + MAX_LIST + " values");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            values.add(scalar(list.get(i), field + "[" + i + "]"));
        }
        return List.copyOf(values);
    }

    private static Object scalar(Object json, String field) {
        Object value = normalize(json);
        if (value instanceof String text && text.length() > MAX_TEXT) {
            throw new InvalidCondition(field, "must be at most " + MAX_TEXT + " characters");
        }
        if (value instanceof String || value instanceof BigDecimal || value instanceof Boolean) {
            return value;
        }
        throw new InvalidCondition(field, "must be a string, a number or a boolean");
    }

    private static String text(Object json, String field, String op) {
        if (json instanceof String text && !text.isEmpty() && text.length() <= MAX_TEXT) {
            return text;
        }
        throw new InvalidCondition(field, "must be a non-empty string of at most " + MAX_TEXT + " characters for " + op);
    }

    /** JSON numbers of any Java type become BigDecimal; everything else is returned as it is. */
    public static Object normalize(Object json) {
        if (json instanceof BigDecimal || json instanceof String || json instanceof Boolean || json == null) {
            return json;
        }
        if (json instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (json instanceof Long || json instanceof Integer || json instanceof Short || json instanceof Byte) {
            return BigDecimal.valueOf(((Number) json).longValue());
        }
        if (json instanceof Double || json instanceof Float) {
            double d = ((Number) json).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(Double.toString(d)) : null;
        }
        return json;
    }

    static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", new java.util.TreeSet<>(values));
    }
}
