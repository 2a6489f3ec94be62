package io.plystra.cli;

import io.plystra.platform.DemoSeed;
import io.plystra.session.grant.SuperAdminBootstrap;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.kernel.RequestInfo;
import io.plystra.audit.AuditPartitions;

/**
 * {@code plystractl}: the operator's commands. Runs on the application's class path without
 * starting Quarkus, so it never opens the HTTP port. Exit codes: 0 ok, 1 the check or action
 * failed, 2 usage error, 3 the database is unreachable or not configured.
 */
public final class Plystractl {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NO_DATABASE = 3;
    /** The user agent of the audit rows that plystractl writes. */
    static final String TOOL = "plystractl";

    static final String USAGE_TEXT = """
            usage: plystractl <command> [options]

            commands:
              start                      run the server (configured by the environment; see docs/operations.md)
              start-dev                  embedded PostgreSQL in .plystra/dev-db, migrations, the Finance Reviewer
                                         demo, alice@example.com / plystra-demo as super admin, http://127.0.0.1:8080
              migrate up                 apply pending migrations
              migrate status             list applied and pending migrations
              migrate verify             exit 1 when a migration is pending or a checksum differs
              schema check               exit 1 when the entity model and the migrated database disagree
              doctor                     configuration, database, migrations, schema, production safety
              audit verify [--from T] [--to T]
                                         recompute the audit hash chains and checkpoints (AUDIT_CHECKPOINT_KEY);
                                         exit 1 and name the first modified, deleted or inserted row
              demo seed                  load the Finance Reviewer demo (idempotent)
              admin bootstrap-super-admin --email E --password-stdin [--if-exists ok]
                                         create the first super admin (the user too, when missing)

            The database comes from PLYSTRA_DATABASE_URL (postgres://user:pass@host:5432/db?sslmode=disable).
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final Map<String, String> env;

    Plystractl(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Plystractl(System.out, System.err, System.in, System.getenv()).run(args));
    }

    int run(String[] args) {
        List<String> a = Arrays.asList(args);
        if (a.isEmpty() || a.contains("--help") || a.contains("-h") || a.get(0).equals("help")) {
            (a.isEmpty() ? err : out).print(USAGE_TEXT);
            return a.isEmpty() ? USAGE : OK;
        }
        try {
            return switch (a.get(0)) {
                case "migrate" -> a.size() == 2 ? migrate(a.get(1)) : usage("migrate needs up, status or verify");
                case "demo" -> a.size() == 2 && a.get(1).equals("seed") ? demoSeed() : usage("did you mean `demo seed`?");
                case "admin" -> a.size() >= 2 && a.get(1).equals("bootstrap-super-admin")
                        ? bootstrap(a.subList(2, a.size())) : usage("did you mean `admin bootstrap-super-admin`?");
                case "audit" -> a.size() >= 2 && a.get(1).equals("verify")
                        ? auditVerify(a.subList(2, a.size())) : usage("did you mean `audit verify`?");
                case "doctor" -> a.size() == 1 ? Doctor.run(env, out) : usage("doctor takes no options");
                case "schema" -> a.size() == 2 && a.get(1).equals("check") ? schemaCheck() : usage("did you mean `schema check`?");
                case "start-dev" -> usage("start-dev is run by bin/plystractl from a source checkout");
                default -> usage("unknown command: " + a.get(0));
            };
        } catch (DatabaseUnavailable e) {
            err.println("plystractl: " + e.getMessage());
            return NO_DATABASE;
        } catch (SQLException e) {
            err.println("plystractl: database error: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("plystractl: " + e.getMessage());
            return FAILED;
        }
    }

    private int usage(String problem) {
        err.println("plystractl: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    private int migrate(String action) throws SQLException {
        DatabaseUrl db = database();
        connect(db).close();
        Flyway flyway = flyway(db);
        switch (action) {
            case "up" -> {
                var result = flyway.migrate();
                try (Connection c = connect(db)) {
                    AuditPartitions.ensure(c);
                }
                out.println("migrate up: " + result.migrationsExecuted + " applied; schema version "
                        + flyway.info().current().getVersion());
                return OK;
            }
            case "status" -> {
                for (MigrationInfo m : flyway.info().all()) {
                    out.printf("%-6s %-10s %s%n", m.getVersion(), m.getState().getDisplayName().toLowerCase(), m.getDescription());
                }
                out.println(flyway.info().pending().length + " pending");
                return OK;
            }
            case "verify" -> {
                int pending = flyway.info().pending().length;
                ValidateResult validation = flyway.validateWithResult();
                if (pending > 0) {
                    err.println("FAIL: " + pending + " migration(s) pending: run `plystractl migrate up`");
                    return FAILED;
                }
                if (!validation.validationSuccessful) {
                    validation.invalidMigrations.forEach(m -> err.println("FAIL: migration " + m.version + ": " + m.errorDetails.errorMessage));
                    return FAILED;
                }
                out.println("ok: " + flyway.info().applied().length + " migration(s) applied, checksums match");
                return OK;
            }
            default -> {
                return usage("migrate needs up, status or verify");
            }
        }
    }

    private int schemaCheck() throws SQLException {
        try (Connection c = connect(database())) {
            var problems = SchemaCheck.problems(c);
            problems.forEach(p -> err.println("FAIL: " + p));
            if (problems.isEmpty()) {
                out.println("ok: " + SchemaCheck.entities().size() + " entities match the database");
            }
            return problems.isEmpty() ? OK : FAILED;
        }
    }

    private int auditVerify(List<String> options) throws SQLException {
        java.time.Instant from = null;
        java.time.Instant to = null;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (!(option.equals("--from") || option.equals("--to")) || i + 1 >= options.size()) {
                return usage("audit verify takes --from and --to, each with a time such as 2026-01-31T00:00:00Z");
            }
            java.time.Instant at;
            try {
                at = java.time.Instant.parse(options.get(++i));
            } catch (java.time.format.DateTimeParseException e) {
                return usage(option + " needs a time such as 2026-01-31T00:00:00Z");
            }
            if (option.equals("--from")) {
                from = at;
            } else {
                to = at;
            }
        }
        try (Connection c = connect(database())) {
            return new AuditVerify(AuditVerify.keyOf(env), from, to).run(c, out).isEmpty() ? OK : FAILED;
        }
    }

    private int demoSeed() throws SQLException {
        try (Connection c = connect(database())) {
            DemoSeed.run(c, RequestInfo.system(TOOL));
        }
        out.println("demo seed: Finance Reviewer demo loaded (existing rows kept)");
        return OK;
    }

    private int bootstrap(List<String> options) throws Exception {
        String email = null;
        boolean passwordStdin = false;
        boolean ifExistsOk = false;
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "--email" -> email = i + 1 < options.size() ? options.get(++i) : null;
                case "--password-stdin" -> passwordStdin = true;
                case "--if-exists" -> {
                    if (i + 1 >= options.size() || !options.get(++i).equals("ok")) {
                        return usage("--if-exists takes the value ok");
                    }
                    ifExistsOk = true;
                }
                default -> {
                    return usage("unknown option: " + options.get(i));
                }
            }
        }
        if (email == null || !email.contains("@")) {
            return usage("admin bootstrap-super-admin needs --email with an email address");
        }
        char[] password = new char[0];
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
            if (password.length < 8) {
                err.println("plystractl: the password on standard input must have at least 8 characters");
                return USAGE;
            }
        }
        try (Connection c = connect(database())) {
            var outcome = SuperAdminBootstrap.run(c, RequestInfo.system(TOOL), email, password,
                    ifExistsOk ? SuperAdminBootstrap.Policy.OK_IF_EXISTS : SuperAdminBootstrap.Policy.REFUSE_IF_EXISTS);
            switch (outcome) {
                case CREATED -> out.println("created user " + email + " as instance super admin");
                case GRANTED_TO_EXISTING_USER -> out.println("granted instance super admin to existing user " + email
                        + " (password unchanged)");
                case ALREADY_SUPER_ADMIN -> out.println(email + " is already an instance super admin");
                case REFUSED_SUPER_ADMIN_EXISTS -> {
                    err.println("plystractl: a super admin already exists; pass --if-exists ok to add another");
                    return FAILED;
                }
            }
            return OK;
        }
    }

    private DatabaseUrl database() {
        String url = env.get("PLYSTRA_DATABASE_URL");
        if (url == null || url.isBlank()) {
            throw new DatabaseUnavailable("PLYSTRA_DATABASE_URL is not set (postgres://user:pass@host:5432/db)");
        }
        try {
            return DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new DatabaseUnavailable("PLYSTRA_DATABASE_URL is invalid: " + e.getMessage());
        }
    }

    static Flyway flyway(DatabaseUrl db) {
        return Flyway.configure()
                .dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration")
                .connectRetries(0)
                .load();
    }

    static Connection connect(DatabaseUrl db) {
        try {
            return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        } catch (SQLException e) {
            throw new DatabaseUnavailable("cannot reach the database at " + db.host() + ":" + db.port() + "/" + db.database()
                    + ": " + e.getMessage());
        }
    }

    static final class DatabaseUnavailable extends RuntimeException {
        DatabaseUnavailable(String message) {
            super(message);
        }
    }
}
