package io.plystra.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedMap;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Timestamps;

/**
 * The filters of an audit-log list: columns that must equal a value (compared with {@code =} and a
 * parameter, so {@code %} or {@code _} match only themselves) and a {@code created_at} range,
 * {@code created_at_from} inclusive, {@code created_at_to} exclusive.
 */
public record AuditFilter(Map<String, String> equalTo, Instant from, Instant to) {

    /** Query parameter = column name. */
    static final List<String> COLUMNS = List.of("space_id", "actor_user_id", "actor_member_id", "actor_user_member_id",
            "resource_type", "resource_id", "action", "decision", "deny_code", "request_id");
    static final Set<String> PAGING = Set.of("limit", "cursor");
    static final int MAX_VALUE_LENGTH = 256;
    static final String VALUE_PROBLEM = "must be 1 to " + MAX_VALUE_LENGTH + " characters without control characters";

    /** Whether {@code value} can be an audit column's value in a filter (the audit routes' one check of it). */
    static boolean acceptable(String value) {
        return !value.isEmpty() && value.length() <= MAX_VALUE_LENGTH && value.chars().noneMatch(Character::isISOControl);
    }

    /** 400 naming the parameter for an unknown or repeated parameter, or a bad value. */
    static AuditFilter parse(MultivaluedMap<String, String> query) {
        Map<String, String> equalTo = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = e.getKey();
            boolean time = name.equals("created_at_from") || name.equals("created_at_to");
            if (!COLUMNS.contains(name) && !time && !PAGING.contains(name)) {
                problems.put(name, "unknown filter");
            } else if (e.getValue().size() != 1) {
                problems.put(name, "must be given once");
            } else if (COLUMNS.contains(name)) {
                String value = e.getValue().get(0);
                if (!acceptable(value)) {
                    problems.put(name, VALUE_PROBLEM);
                } else if (name.equals("decision") && !value.equals("allow") && !value.equals("deny")) {
                    problems.put(name, "must be allow or deny");
                } else {
                    equalTo.put(name, value);
                }
            }
        }
        Instant from = instant(query.getFirst("created_at_from"), "created_at_from", problems);
        Instant to = instant(query.getFirst("created_at_to"), "created_at_to", problems);
        if (from != null && to != null && !to.isAfter(from)) {
            problems.put("created_at_to", "must be after created_at_from");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new AuditFilter(Map.copyOf(equalTo), from, to);
    }

    /** The same filters, limited to one space (the space route). 400 when a different space_id was asked for. */
    AuditFilter inSpace(String spaceId) {
        String asked = equalTo.get("space_id");
        if (asked != null && !asked.equals(spaceId)) {
            throw ApiException.validation("space_id", "must be the space of the route or absent");
        }
        Map<String, String> narrowed = new LinkedHashMap<>(equalTo);
        narrowed.put("space_id", spaceId);
        return new AuditFilter(Map.copyOf(narrowed), from, to);
    }

    private static Instant instant(String text, String field, Map<String, String> problems) {
        if (text == null || problems.containsKey(field)) {
            return null;
        }
        Instant at = Timestamps.parseOrNull(text);
        if (at == null) {
            problems.put(field, Timestamps.PROBLEM);
        }
        return at;
    }
}
