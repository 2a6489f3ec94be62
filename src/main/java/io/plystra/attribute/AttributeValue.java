package io.plystra.attribute;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.plystra.kernel.ControlCharacters;
import io.plystra.kernel.Timestamps;

/**
 * A typed attribute value: its type ({@code string number boolean string_list timestamp}) and its JSON
 * form as stored (a timestamp as its RFC 3339 text in UTC, a number exactly as given). Parsing names the
 * field of the first problem ({@code value}, {@code type}, {@code items[3].value}).
 */
public record AttributeValue(String type, JsonNode json) {

    public static final String STRING = "string";
    public static final String NUMBER = "number";
    public static final String BOOLEAN = "boolean";
    public static final String STRING_LIST = "string_list";
    public static final String TIMESTAMP = "timestamp";
    public static final List<String> TYPES = List.of(BOOLEAN, NUMBER, STRING, STRING_LIST, TIMESTAMP);

    public static final int MAX_KEY = 128;
    public static final int MAX_STRING = 1024;
    public static final int MAX_LIST = 256;
    public static final String KEY_RULE = "must be 1 to " + MAX_KEY + " letters, digits, '_', '.' or '-'";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_KEY + "}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    public static boolean validKey(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /**
     * The value a request gives, of {@code type} or, when that is null, of the type its JSON shape says
     * (a string, a number, a boolean, a list of strings; a timestamp needs {@code type: timestamp}).
     * Returns null after adding the problem to {@code problems} under {@code prefix + "value"} or {@code prefix + "type"}.
     */
    public static AttributeValue parse(JsonNode value, String type, String prefix, Map<String, String> problems) {
        String valueField = prefix + "value";
        if (type != null && !TYPES.contains(type)) {
            problems.put(prefix + "type", "must be one of " + TYPES);
            return null;
        }
        if (value == null || value.isNull() || value.isMissingNode()) {
            problems.put(valueField, "is required");
            return null;
        }
        String inferred = value.isTextual() ? STRING : value.isNumber() ? NUMBER : value.isBoolean() ? BOOLEAN
                : value.isArray() ? STRING_LIST : null;
        if (inferred == null) {
            problems.put(valueField, "must be a string, a number, a boolean or a list of strings");
            return null;
        }
        String wanted = type == null ? inferred : type;
        if (wanted.equals(TIMESTAMP)) {
            Instant at = value.isTextual() ? Timestamps.parseOrNull(value.textValue()) : null;
            if (at == null) {
                problems.put(valueField, "must be " + Timestamps.PROBLEM.substring("must be ".length()) + " for type timestamp");
                return null;
            }
            return new AttributeValue(TIMESTAMP, NODES.textNode(at.toString()));
        }
        if (!wanted.equals(inferred)) {
            problems.put(valueField, "must be " + (wanted.equals(STRING_LIST) ? "a list of strings" : "a " + wanted)
                    + " for type " + wanted);
            return null;
        }
        switch (wanted) {
            case STRING -> {
                String problem = textProblem(value.textValue());
                if (problem != null) {
                    problems.put(valueField, problem);
                    return null;
                }
                return new AttributeValue(STRING, NODES.textNode(value.textValue()));
            }
            case NUMBER -> {
                if (!storable(value.decimalValue())) {
                    problems.put(valueField, "is a number out of range (at most 64 digits, exponent within 1000)");
                    return null;
                }
                // as PostgreSQL keeps it (1e2 is 100), so that the answer to a write shows what a read will
                return new AttributeValue(NUMBER, NODES.numberNode(new BigDecimal(value.decimalValue().toPlainString())));
            }
            case BOOLEAN -> {
                return new AttributeValue(BOOLEAN, NODES.booleanNode(value.booleanValue()));
            }
            default -> {
                if (value.size() > MAX_LIST) {
                    problems.put(valueField, "must hold at most " + MAX_LIST + " strings");
                    return null;
                }
                ArrayNode list = NODES.arrayNode();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode item = value.get(i);
                    String problem = item.isTextual() ? textProblem(item.textValue()) : "must be a string";
                    if (problem != null) {
                        problems.put(valueField + "[" + i + "]", problem);
                        return null;
                    }
                    list.add(item.textValue());
                }
                return new AttributeValue(STRING_LIST, list);
            }
        }
    }

    private static String textProblem(String text) {
        if (text.length() > MAX_STRING) {
            return "must be at most " + MAX_STRING + " characters";
        }
        if (ControlCharacters.inText(text)) {
            return ControlCharacters.PROBLEM;
        }
        return null;
    }

    /**
     * The value as the decision engine holds it ({@link io.plystra.authz.engine.Attribute}): a String, a
     * BigDecimal, a Boolean, an immutable list of strings or an Instant; null for a stored value that
     * does not match its type (never written by Plystra).
     */
    public static Object engineValue(String type, JsonNode json) {
        if (json == null || type == null) {
            return null;
        }
        return switch (type) {
            case STRING -> json.isTextual() ? json.textValue() : null;
            case NUMBER -> json.isNumber() ? json.decimalValue() : null;
            case BOOLEAN -> json.isBoolean() ? json.booleanValue() : null;
            case TIMESTAMP -> json.isTextual() ? Timestamps.parseOrNull(json.textValue()) : null;
            case STRING_LIST -> {
                if (!json.isArray()) {
                    yield null;
                }
                List<String> out = new ArrayList<>(json.size());
                for (JsonNode item : json) {
                    if (!item.isTextual()) {
                        yield null;
                    }
                    out.add(item.textValue());
                }
                yield List.copyOf(out);
            }
            default -> null;
        };
    }

    /** Whether {@code value} (a BigDecimal) is a number this API stores: at most 64 significant digits, exponent within ±1000. */
    static boolean storable(BigDecimal value) {
        return value.precision() <= 64 && Math.abs((long) value.scale()) <= 1000;
    }
}
