package io.plystra.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.platform.ProductionSafety;

/**
 * {@code plystractl doctor}: configuration, database reachability, migration state, schema and
 * production safety. Silent checks: one {@code ok:} line when nothing is wrong; otherwise one
 * {@code FAIL: problem: what to do} line per problem on standard error, and exit 1. A problem that
 * hides the checks after it (no database, migrations to apply) is reported alone, not with each
 * of its consequences.
 */
final class Doctor {

    private final List<String> problems = new ArrayList<>();

    private Doctor() {
    }

    static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        Doctor doctor = new Doctor();
        String checked = doctor.check(env);
        if (doctor.problems.isEmpty()) {
            out.println("ok: no problem found (" + checked + ")");
            return Plystractl.OK;
        }
        doctor.problems.forEach(p -> err.println("FAIL: " + p));
        return Plystractl.FAILED;
    }

    /** Records the problems; returns what was checked, for the success line. */
    private String check(Map<String, String> env) {
        // Every refusal the server would start with, a missing or invalid database URL among them.
        problems.addAll(ProductionSafety.startProblems(env));
        String mode = ProductionSafety.production(env) ? "production" : "development";
        String url = env.get("PLYSTRA_DATABASE_URL");
        DatabaseUrl db;
        try {
            db = DatabaseUrl.parse(url);
        } catch (IllegalArgumentException reportedAbove) {
            return mode;
        }
        String where = db.host() + ":" + db.port() + "/" + db.database();
        try (Connection c = Plystractl.connect(db)) {
            Flyway flyway = Migrations.flyway(db);
            List<String> migrations = Migrations.problems(c, flyway, true);
            problems.addAll(migrations);
            if (migrations.isEmpty()) {
                SchemaCheck.problems(c).forEach(p -> problems.add("schema: " + p
                        + ": the database differs from what this build's migrations create"));
            }
            var current = flyway.info().current();
            return mode + ", database " + where + ", schema " + (current == null ? "none" : current.getVersion());
        } catch (Plystractl.DatabaseUnavailable e) {
            problems.add(e.getMessage() + ": check the host, port, database name and credentials, and that PostgreSQL runs");
        } catch (SQLException e) {
            problems.add("database error at " + where + ": " + Plystractl.oneLine(e));
        }
        return mode + ", database " + where;
    }
}
