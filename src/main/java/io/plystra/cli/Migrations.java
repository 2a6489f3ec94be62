package io.plystra.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.ValidateOutput;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.platform.Readiness;

/**
 * The migration state of the database as the CLI reports it: one line per problem, each saying
 * what to do, in Plystra's words rather than Flyway's (whose messages span several lines and name
 * its API: {@code baseline()}, {@code repair}).
 */
final class Migrations {

    private static final String HISTORY = "flyway_schema_history";

    private Migrations() {
    }

    static Flyway flyway(DatabaseUrl db) {
        return Flyway.configure()
                .dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration")
                .connectRetries(0)
                // Validation reports edited and missing migrations; pending ones are counted apart.
                .ignoreMigrationPatterns("*:pending", "*:future")
                .load();
    }

    /**
     * What stops {@code migrate up} (a failed migration, tables that Plystra did not create, an
     * applied migration that differs from this build's), and, with {@code pendingIsAProblem},
     * migrations still to apply. Empty: nothing to report.
     */
    static List<String> problems(Connection c, Flyway flyway, boolean pendingIsAProblem) throws SQLException {
        List<String> problems = new ArrayList<>();
        MigrationInfoService info = flyway.info();
        if (info.applied().length == 0) {
            String stranger = strangerObject(c);
            if (stranger != null) {
                problems.add(strangerProblem(stranger));
                return problems;
            }
        }
        Arrays.stream(info.all()).filter(m -> m.getState() == MigrationState.FAILED).forEach(m -> problems.add(
                "migration " + m.getVersion() + " failed: undo what it applied (or restore the backup), delete its row from "
                + HISTORY + ", then run `plystractl migrate up`"));
        for (ValidateOutput invalid : flyway.validateWithResult().invalidMigrations) {
            if (invalid.errorDetails == null || invalid.errorDetails.errorCode != CoreErrorCode.FAILED_VERSIONED_MIGRATION) {
                problems.add(describe(invalid));
            }
        }
        int pending = info.pending().length;
        if (pendingIsAProblem && pending > 0 && problems.isEmpty()) {
            String version = info.current() == null ? "none" : info.current().getVersion().toString();
            problems.add(pending + " migration(s) pending (schema " + version + ", this build needs "
                    + Readiness.EXPECTED_SCHEMA_VERSION + "): run `plystractl migrate up`");
        }
        return problems;
    }

    private static String describe(ValidateOutput invalid) {
        String where = "migration " + (invalid.version == null || invalid.version.isEmpty() ? invalid.description : invalid.version);
        var code = invalid.errorDetails == null ? null : invalid.errorDetails.errorCode;
        if (code == CoreErrorCode.CHECKSUM_MISMATCH) {
            return where + ": its file in this build differs from the one applied to the database "
                    + "(a migration file was edited after it was applied)";
        }
        if (code == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED) {
            return where + ": applied to the database but not part of this build: use the build that applied it";
        }
        String message = invalid.errorDetails == null ? "" : Plystractl.firstLine(invalid.errorDetails.errorMessage);
        return where + ": " + (message.isEmpty() ? "does not validate" : message);
    }

    /**
     * An object of the connection's schema (table, view, sequence, function or type, outside any
     * extension) that Plystra's migrations did not create, as "kind name"; null when there is none.
     * Flyway refuses to migrate such a schema.
     */
    static String strangerObject(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT kind || ' ' || name FROM (
                    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'view' WHEN 'S' THEN 'sequence'
                                ELSE 'table' END AS kind, c.relname AS name, c.oid, 'pg_class'::regclass AS catalog
                    FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
                        AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relname <> ?
                    UNION ALL
                    SELECT 'function', p.proname, p.oid, 'pg_proc'::regclass
                    FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace
                    UNION ALL
                    SELECT 'type', t.typname, t.oid, 'pg_type'::regclass
                    FROM pg_type t WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype IN ('e', 'd', 'r')
                ) o
                WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.catalog AND d.objid = o.oid AND d.deptype = 'e')
                ORDER BY kind = 'table' DESC, kind, name LIMIT 1""")) {
            ps.setString(1, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Why {@code migrate up} would refuse a schema that Plystra did not migrate. */
    static String strangerProblem(String object) {
        return "the database holds objects" + (object == null ? "" : " (" + object + " among them)")
                + " but no Plystra migration history: point PLYSTRA_DATABASE_URL at an empty database, "
                + "or at the one Plystra migrated";
    }
}
