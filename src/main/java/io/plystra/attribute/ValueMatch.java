package io.plystra.attribute;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.plystra.kernel.Timestamps;

/**
 * The {@code value} of a search, as text from the query string, against typed values: a string equal to
 * it, a string list holding it, a number equal to it as a number ({@code 10} finds 10.0), a boolean
 * when it is {@code true} or {@code false}, a timestamp at the same instant when it is an RFC 3339 time.
 * {@link #sql()} is the condition over {@code a.value} and {@code a.value_type}, {@link #parameters()} its values.
 */
public record ValueMatch(String sql, Map<String, Object> parameters) {

    public static ValueMatch of(String text) {
        List<String> any = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("match_text", text);
        any.add("(a.value_type = 'string' AND a.value = to_jsonb(CAST(:match_text AS text)))");
        any.add("(a.value_type = 'string_list' AND a.value @> jsonb_build_array(CAST(:match_text AS text)))");
        BigDecimal number = number(text);
        if (number != null) {
            params.put("match_number", number.toPlainString());
            any.add("(a.value_type = 'number' AND a.value = CAST(CAST(:match_number AS text) AS jsonb))");
        }
        if (text.equals("true") || text.equals("false")) {
            params.put("match_boolean", text);
            any.add("(a.value_type = 'boolean' AND a.value = CAST(CAST(:match_boolean AS text) AS jsonb))");
        }
        Instant at = Timestamps.parseOrNull(text);
        if (at != null) {
            params.put("match_time", at.toString());
            any.add("(a.value_type = 'timestamp' AND a.value = to_jsonb(CAST(:match_time AS text)))");
        }
        return new ValueMatch(String.join(" OR ", any), params);
    }

    /** The number a JSON number literal of at most 64 characters says, or null. */
    private static BigDecimal number(String text) {
        if (text.length() > 64 || !text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return null;
        }
        try {
            BigDecimal n = new BigDecimal(text);
            return AttributeValue.storable(n) ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
