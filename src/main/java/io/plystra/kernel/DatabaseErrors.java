package io.plystra.kernel;

import io.vertx.pgclient.PgException;

/** Recognises PostgreSQL errors by SQLSTATE anywhere in a cause chain (Hibernate wraps them). */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    public static boolean uniqueViolation(Throwable e) {
        return sqlState(e, "23505");
    }

    /** A deadlock (40P01) or serialization failure (40001): the same statement may succeed when tried again. */
    public static boolean retryable(Throwable e) {
        return sqlState(e, "40P01") || sqlState(e, "40001");
    }

    /**
     * A value PostgreSQL cannot store or compare: a NUL or a bad byte in text (22021), a date or time
     * out of its range (22008), a Unicode escape jsonb refuses such as {@code \u0000} (22P05).
     */
    public static boolean invalidValue(Throwable e) {
        return sqlState(e, "22021") || sqlState(e, "22008") || sqlState(e, "22P05");
    }

    public static boolean foreignKeyViolation(Throwable e) {
        return sqlState(e, "23503");
    }

    private static boolean sqlState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && state.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
