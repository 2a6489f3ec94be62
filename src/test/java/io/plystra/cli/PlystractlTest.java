package io.plystra.cli;

import io.plystra.platform.Readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;

/**
 * Launches {@code plystractl} as a separate JVM, as an operator would, against a fresh database of
 * its own on the test PostgreSQL, and asserts output and exit codes: success prints at most one
 * line on standard output and nothing on standard error; each problem is one line on standard
 * error; exit 0 ok, 1 a problem found, 2 usage.
 */
class PlystractlTest {

    static String url;

    @BeforeAll
    static void freshDatabase() {
        url = newDatabase();
    }

    /** A new empty database on the test PostgreSQL; its URL. */
    static String newDatabase() {
        DatabaseUrl db = DatabaseUrl.parse(PostgresTestResource.url());
        String name = "plystra_cli_" + Long.toHexString(System.nanoTime());
        TestDatabase.update("CREATE DATABASE " + name);
        return "postgres://" + db.username() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + name
                + "?sslmode=disable";
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        Result help = run(Map.of(), null, "--help");
        assertEquals(0, help.code);
        assertTrue(help.out.contains("migrate up"), help.out);
        assertTrue(help.out.contains("Exit codes: 0 ok, 1 a problem was found or the action failed, 2 usage error"), help.out);
        assertEquals(2, run(Map.of(), null).code);

        Result unknown = run(Map.of(), null, "frobnicate");
        assertProblem(2, "plystractl: unknown command: frobnicate (`plystractl --help` lists the commands)", unknown);
        assertProblem(2, "plystractl: migrate needs up, status or verify", run(Map.of(), null, "migrate"));
        assertProblem(2, "plystractl: migrate takes up, status or verify, not sideways", run(Map.of(), null, "migrate", "sideways"));
        assertProblem(2, "plystractl: doctor takes no options", run(Map.of(), null, "doctor", "--verbose"));
        assertProblem(2, "plystractl: --from needs a time such as 2026-01-31T00:00:00Z, not yesterday",
                run(Map.of("PLYSTRA_DATABASE_URL", url), null, "audit", "verify", "--from", "yesterday"));
        assertProblem(2, "plystractl: audit verify takes --from and --to",
                run(Map.of("PLYSTRA_DATABASE_URL", url), null, "audit", "verify", "--from"));
        assertProblem(2, "plystractl: --to 2026-01-01T00:00:00Z is not after --from 2026-02-01T00:00:00Z",
                run(Map.of("PLYSTRA_DATABASE_URL", url), null, "audit", "verify", "--from", "2026-02-01T00:00:00Z",
                        "--to", "2026-01-01T00:00:00Z"));
    }

    @Test
    void migrateDownIsRefusedAsUnsupportedWithExitTwo() throws Exception {
        // Refused before any database is needed: not "PLYSTRA_DATABASE_URL is not set", and never exit 0.
        assertProblem(2, "plystractl: migrate down is not supported: migrations only go forward; to undo one, restore the backup",
                run(Map.of(), null, "migrate", "down"));
        assertProblem(2, "plystractl: migrate down is not supported", run(Map.of("PLYSTRA_DATABASE_URL", url), null, "migrate", "down"));
        assertProblem(2, "plystractl: migrate rollback is not supported", run(Map.of(), null, "migrate", "rollback"));
    }

    @Test
    void withoutADatabaseSaysSoInOneLineAndExitsOne() throws Exception {
        assertProblem(1, "plystractl: PLYSTRA_DATABASE_URL is not set", run(Map.of(), null, "migrate", "status"));
        assertProblem(1, "plystractl: cannot reach the database at 127.0.0.1:1/x: ",
                run(Map.of("PLYSTRA_DATABASE_URL", "postgres://u:p@127.0.0.1:1/x"), null, "migrate", "verify"));
        assertProblem(1, "FAIL: PLYSTRA_DATABASE_URL is not set", run(Map.of(), null, "doctor"));
        // PostgreSQL's answer spans lines (Location:, Server SQLState:): only its first line is printed.
        String missing = url.replaceFirst("/plystra_cli_[0-9a-f]+", "/plystra_cli_missing");
        Result audit = run(Map.of("PLYSTRA_DATABASE_URL", missing), null, "audit", "verify");
        assertProblem(1, "plystractl: cannot reach the database at ", audit);
        assertTrue(audit.err.contains("database \"plystra_cli_missing\" does not exist"), audit.err);
        Result doctor = run(Map.of("PLYSTRA_DATABASE_URL", missing), null, "doctor");
        assertProblem(1, "FAIL: cannot reach the database at ", doctor);
        assertTrue(doctor.err.contains("check the host, port, database name and credentials"), doctor.err);
    }

    @Test
    void doctorFailsEachUnsafeProductionSettingWithWhatToDo() throws Exception {
        Result r = run(Map.of("PLYSTRA_ENV", "production", "PLYSTRA_DATABASE_URL", url, "CORS_ALLOWED_ORIGINS", "*"), null, "doctor");
        assertEquals(1, r.code, r.out + r.err);
        assertEquals("", r.out, "problems go to standard error only");
        assertTrue(r.err.lines().allMatch(l -> l.startsWith("FAIL: ")), r.err);
        assertTrue(r.err.contains("FAIL: CORS_ALLOWED_ORIGINS contains a wildcard"), r.err);
        assertTrue(r.err.contains("FAIL: PLYSTRA_SESSION_SECRET is not set"), r.err);
        assertTrue(r.err.contains("FAIL: PLYSTRA_DATABASE_URL uses the default plystra:plystra credentials"), r.err);
    }

    @Test
    void migrateVerifyFailsUntilMigrateUpThenSeedAndBootstrapWork() throws Exception {
        Map<String, String> env = Map.of("PLYSTRA_DATABASE_URL", url);
        int migrations;
        try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
            // Counted, not read from the version: a number may be skipped (one branch's migration not merged yet).
            migrations = (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        // Before migrate up: one line for the one problem, not one per missing table as well.
        Result pending = run(env, null, "migrate", "verify");
        assertProblem(1, "FAIL: " + migrations + " migration(s) pending (schema none, this build needs "
                + Readiness.EXPECTED_SCHEMA_VERSION + "): run `plystractl migrate up`", pending);
        assertProblem(1, "FAIL: " + migrations + " migration(s) pending", run(env, null, "doctor"));
        assertProblem(1, "FAIL: " + migrations + " migration(s) pending", run(env, null, "schema", "check"));
        Result unmigrated = run(env, null, "audit", "verify");
        assertProblem(1, "plystractl: database error: ERROR: relation \"audit_checkpoints\" does not exist "
                + "(is the schema migrated? `plystractl migrate verify` tells)", unmigrated);

        Result up = run(env, null, "migrate", "up");
        assertQuiet("migrate up: " + migrations + " applied; schema version " + Readiness.EXPECTED_SCHEMA_VERSION, up);
        assertQuiet("ok: " + migrations + " migration(s) applied, checksums match", run(env, null, "migrate", "verify"));
        assertTrue(run(env, null, "migrate", "status").out.contains("0 pending"));
        Result schema = run(env, null, "schema", "check");
        assertEquals(0, schema.code, schema.err);
        assertTrue(schema.out.matches("ok: [1-9][0-9]* entities match the database\\R"), schema.out);
        assertQuiet("ok: no problem found (development, database " + DatabaseUrl.parse(url).host() + ":"
                + DatabaseUrl.parse(url).port() + "/" + DatabaseUrl.parse(url).database() + ", schema "
                + Readiness.EXPECTED_SCHEMA_VERSION + ")", run(env, null, "doctor"));

        assertQuiet("demo seed: Finance Reviewer demo loaded (existing rows kept)", run(env, null, "demo", "seed"));
        Result again = run(env, null, "demo", "seed");
        assertEquals(0, again.code, "demo seed is idempotent: " + again.err);

        Result first = run(env, "correct-horse-battery\n", "admin", "bootstrap-super-admin", "--email", "root@example.com",
                "--password-stdin");
        assertQuiet("created user root@example.com as instance super admin", first);
        Result refused = run(env, "correct-horse-battery\n", "admin", "bootstrap-super-admin", "--email", "alice@example.com",
                "--password-stdin");
        assertProblem(1, "plystractl: a super admin already exists; pass --if-exists ok to add another", refused);
        Result allowed = run(env, null, "admin", "bootstrap-super-admin", "--email", "alice@example.com", "--if-exists", "ok");
        assertEquals(0, allowed.code, allowed.err);
        assertTrue(allowed.out.contains("existing user alice@example.com"), allowed.out);
        assertProblem(2, "plystractl: the password on standard input must have at least 8 characters",
                run(env, "short\n", "admin", "bootstrap-super-admin", "--email", "x@example.com", "--password-stdin"));

        // Every privileged write of the command line has its audit row, on the mutation chain.
        assertEquals(List.of("demo.seeded", "user.created", "admin_grant.created", "admin_grant.created"),
                auditActions(), "one demo.seeded (the second seed wrote nothing), then root's user and grant, then alice's grant");
        assertQuiet("ok: audit log verified: 4 rows in 1 chain, 0 checkpoints matched, 0 snapshots", run(env, null, "audit", "verify"));
        // A half-open range says which half, never "null".
        assertQuiet("ok: audit log verified: 4 rows in 1 chain, 0 checkpoints matched, 0 snapshots (from 2020-01-01T00:00:00Z)",
                run(env, null, "audit", "verify", "--from", "2020-01-01T00:00:00Z"));
        assertQuiet("ok: audit log verified: 0 rows in 0 chains, 0 checkpoints matched, 0 snapshots (before 2020-01-01T00:00:00Z)",
                run(env, null, "audit", "verify", "--to", "2020-01-01T00:00:00Z"));
    }

    /** The routes file of docs/gateways.md: a dry run, the apply with an audit row per route, an idempotent re-apply, a tie refused. */
    @Test
    void gatewayRoutesApplyFromTheDocumentedFile() throws Exception {
        Map<String, String> env = Map.of("PLYSTRA_DATABASE_URL", newDatabase());
        assertEquals(0, run(env, null, "migrate", "up").code);
        assertEquals(0, run(env, null, "demo", "seed").code);
        String file = "docs/gateways/routes.yaml";
        assertQuiet("gateway routes of space_acme (dry run, nothing written): 3 created (approve-invoice, read-invoice, health), "
                + "0 updated, 0 disabled, 0 unchanged", run(env, null, "gateway", "routes", "apply", "-f", file, "--dry-run"));
        assertQuiet("gateway routes of space_acme: 3 created (approve-invoice, read-invoice, health), 0 updated, 0 disabled, 0 unchanged",
                run(env, null, "gateway", "routes", "apply", "-f", file));
        assertQuiet("gateway routes of space_acme: 0 created, 0 updated, 0 disabled, 3 unchanged",
                run(env, null, "gateway", "routes", "apply", "-f", file));
        assertEquals(3, auditActions(env).stream().filter("gateway_route.created"::equals).count());

        java.nio.file.Path tie = java.nio.file.Files.createTempFile("routes", ".yaml");
        java.nio.file.Files.writeString(tie, """
                space_id: space_acme
                routes:
                  - {name: approve-invoice, methods: [POST], path: "/invoices/{id}/approve", resource_type: invoice, resource_id: "{id}", action: approve}
                  - {name: approve-again, methods: [POST], path: "/invoices/{x}/approve", resource_type: invoice, resource_id: "{x}", action: approve}
                """);
        Result refused = run(env, null, "gateway", "routes", "apply", "-f", tie.toString());
        assertEquals(1, refused.code, refused.err);
        assertTrue(refused.err.startsWith("plystractl: " + tie + ": ") && refused.err.contains("approve-invoice")
                && refused.err.strip().lines().count() == 1, refused.err);
        assertProblem(2, "plystractl: gateway routes apply needs -f FILE", run(env, null, "gateway", "routes", "apply"));
    }

    @Test
    void aDatabaseWithOtherTablesIsRefusedInPlystrasWords() throws Exception {
        Map<String, String> env = Map.of("PLYSTRA_DATABASE_URL", newDatabase());
        execute(env.get("PLYSTRA_DATABASE_URL"), "CREATE TABLE invoices (id int)");
        String refusal = "FAIL: the database holds objects (table invoices among them) but no Plystra migration history: "
                + "point PLYSTRA_DATABASE_URL at an empty database, or at the one Plystra migrated";
        // Not Flyway's "Use baseline() or set baselineOnMigrate to true", which plystractl has no option for.
        assertProblem(1, refusal, run(env, null, "migrate", "up"));
        assertProblem(1, refusal, run(env, null, "doctor"));
    }

    @Test
    void anEditedMigrationIsOneLineWithoutFlywaysAdviceOrLinks() throws Exception {
        String db = newDatabase();
        Map<String, String> env = Map.of("PLYSTRA_DATABASE_URL", db);
        assertEquals(0, run(env, null, "migrate", "up").code);
        execute(db, "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '003'");
        String edited = "FAIL: migration 003: its file in this build differs from the one applied to the database "
                + "(a migration file was edited after it was applied)";
        assertProblem(1, edited, run(env, null, "migrate", "verify"));
        assertProblem(1, edited, run(env, null, "migrate", "up"));
        assertProblem(1, edited, run(env, null, "doctor"));
    }

    /** Success: exit 0, exactly {@code line} on standard output, nothing on standard error, no library log. */
    private static void assertQuiet(String line, Result r) {
        assertEquals(0, r.code, r.out + r.err);
        assertEquals(line, r.out.stripTrailing(), "one line on standard output");
        assertEquals("", r.err, "nothing on standard error");
    }

    /**
     * A problem: exit {@code code}, one line on standard error that starts with {@code start}, nothing
     * on standard output, and no library log line, stack trace, "null" or link.
     */
    private static void assertProblem(int code, String start, Result r) {
        assertEquals(code, r.code, r.out + r.err);
        assertEquals("", r.out, "nothing on standard output: " + r.out);
        assertEquals(1, r.err.lines().count(), "one line on standard error: " + r.err);
        assertTrue(r.err.startsWith(start), "expected a line starting with\n" + start + "\nbut got\n" + r.err);
        for (String noise : List.of("null", "INFO", "WARN", "Exception", "\tat ", "http", "usage:")) {
            assertTrue(!r.err.contains(noise), "no '" + noise + "' in " + r.err);
        }
    }

    private static void execute(String databaseUrl, String sql) throws java.sql.SQLException {
        DatabaseUrl db = DatabaseUrl.parse(databaseUrl);
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The actions of the audit rows plystractl wrote, oldest first. */
    private static List<String> auditActions() throws java.sql.SQLException {
        return auditActions(Map.of("PLYSTRA_DATABASE_URL", url));
    }

    private static List<String> auditActions(Map<String, String> env) throws java.sql.SQLException {
        DatabaseUrl db = DatabaseUrl.parse(env.get("PLYSTRA_DATABASE_URL"));
        List<String> actions = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rs = c.createStatement().executeQuery(
                     "SELECT action FROM audit_logs WHERE user_agent = 'plystractl' ORDER BY chain_seq")) {
            while (rs.next()) {
                actions.add(rs.getString(1));
            }
        }
        return actions;
    }

    record Result(int code, String out, String err) {
    }

    static Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Plystractl.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("PLYSTRA_DATABASE_URL");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "plystractl did not finish");
        return new Result(p.exitValue(), out, err.join());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
