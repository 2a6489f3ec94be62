package io.plystra.kernel;

import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The lifecycle of a row. Each table allows a subset (users, spaces, groups, members, roles and
 * permissions: active/disabled; bindings, grants and keys: active/revoked; resources:
 * active/archived), enforced by its CHECK constraint. Stored and written in JSON as the lower-case
 * name ({@link StatusColumn}).
 */
public enum Status {
    ACTIVE, DISABLED, REVOKED, ARCHIVED;

    public static final Set<Status> DISABLEABLE = Set.of(ACTIVE, DISABLED);
    public static final Set<Status> REVOCABLE = Set.of(ACTIVE, REVOKED);
    public static final Set<Status> ARCHIVABLE = Set.of(ACTIVE, ARCHIVED);

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a client or a column names; null for null, 400 naming {@code field} when it is not in {@code allowed}. */
    public static Status parse(String value, String field, Set<Status> allowed) {
        if (value == null) {
            return null;
        }
        for (Status s : allowed) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        throw ApiException.validation(field, "must be one of " + allowed.stream().map(Status::value).sorted().toList());
    }

    /** The status a column holds (the CHECK constraints allow only these). */
    public static Status of(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
