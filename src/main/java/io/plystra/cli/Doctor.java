package io.plystra.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.platform.ProductionSafety;
import io.plystra.platform.Readiness;

/**
 * {@code plystractl doctor}: configuration, database reachability, migration state, schema and
 * production safety, one {@code ok: ...} or {@code FAIL: what to do} line each. Exit 1 on any FAIL.
 */
final class Doctor {

    private final PrintStream out;
    private int failures;

    private Doctor(PrintStream out) {
        this.out = out;
    }

    static int run(Map<String, String> env, PrintStream out) {
        return new Doctor(out).check(env) == 0 ? Plystractl.OK : Plystractl.FAILED;
    }

    private int check(Map<String, String> env) {
        boolean production = ProductionSafety.production(env);
        line(true, "mode: " + (production ? "production" : "development (PLYSTRA_ENV=" + env.getOrDefault("PLYSTRA_ENV", "unset") + ")"));
        var unsafe = ProductionSafety.problems(env);
        if (production) {
            if (unsafe.isEmpty()) {
                line(true, "production safety: every setting is safe");
            }
            unsafe.forEach(problem -> line(false, problem));
        }
        String url = env.get("PLYSTRA_DATABASE_URL");
        if (url == null || url.isBlank()) {
            line(false, "PLYSTRA_DATABASE_URL is not set: set postgres://user:pass@host:5432/db");
            return failures;
        }
        DatabaseUrl db;
        try {
            db = DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            line(false, "PLYSTRA_DATABASE_URL is invalid: " + e.getMessage());
            return failures;
        }
        line(true, "configuration: database " + db.host() + ":" + db.port() + "/" + db.database());
        try (Connection c = Plystractl.connect(db)) {
            line(true, "database reachable (" + c.getMetaData().getDatabaseProductVersion() + ")");
            migrations(Plystractl.flyway(db));
            var schema = SchemaCheck.problems(c);
            if (schema.isEmpty()) {
                line(true, "schema: the entity model matches the database");
            }
            schema.forEach(problem -> line(false, "schema: " + problem + ": run `plystractl migrate up` or upgrade the application"));
        } catch (Plystractl.DatabaseUnavailable e) {
            line(false, e.getMessage() + ": check the host, port, credentials and that PostgreSQL runs");
        } catch (SQLException e) {
            line(false, "database error: " + e.getMessage());
        }
        return failures;
    }

    private void migrations(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        long failed = java.util.Arrays.stream(all).filter(m -> m.getState() == MigrationState.FAILED).count();
        int pending = flyway.info().pending().length;
        MigrationInfo current = flyway.info().current();
        String version = current == null ? "none" : current.getVersion().toString();
        if (failed > 0) {
            line(false, failed + " migration(s) failed: repair the database, then `plystractl migrate up`");
        } else if (pending > 0) {
            line(false, pending + " migration(s) pending (schema " + version + ", this build needs "
                    + Readiness.EXPECTED_SCHEMA_VERSION + "): run `plystractl migrate up`");
        } else {
            line(true, "migrations: schema version " + version + ", none pending");
        }
        var validation = flyway.validateWithResult();
        if (validation.validationSuccessful) {
            line(true, "migrations: checksums match");
        } else if (pending == 0) {
            validation.invalidMigrations.forEach(m -> line(false, "migration " + m.version + ": " + m.errorDetails.errorMessage
                    + ": a migration file was edited after it was applied"));
        }
    }

    private void line(boolean ok, String text) {
        if (!ok) {
            failures++;
        }
        out.println((ok ? "ok: " : "FAIL: ") + text);
    }
}
