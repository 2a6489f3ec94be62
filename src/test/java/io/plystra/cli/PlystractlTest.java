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
 * its own on the test PostgreSQL, and asserts output and exit codes.
 */
class PlystractlTest {

    static String url;

    @BeforeAll
    static void freshDatabase() {
        DatabaseUrl db = DatabaseUrl.parse(PostgresTestResource.url());
        String name = "plystra_cli_" + Long.toHexString(System.nanoTime());
        TestDatabase.update("CREATE DATABASE " + name);
        url = "postgres://" + db.username() + ":" + db.password() + "@" + db.host() + ":" + db.port() + "/" + name
                + "?sslmode=disable";
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        Result help = run(Map.of(), null, "--help");
        assertEquals(0, help.code);
        assertTrue(help.out.contains("migrate up"), help.out);
        assertEquals(2, run(Map.of(), null).code);
        Result unknown = run(Map.of(), null, "frobnicate");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.contains("unknown command: frobnicate"), unknown.err);
    }

    @Test
    void withoutADatabaseSaysSoAndExitsThree() throws Exception {
        Result unset = run(Map.of(), null, "migrate", "status");
        assertEquals(3, unset.code, unset.err);
        assertTrue(unset.err.contains("PLYSTRA_DATABASE_URL is not set"), unset.err);
        Result unreachable = run(Map.of("PLYSTRA_DATABASE_URL", "postgres://u:p@127.0.0.1:1/x"), null, "migrate", "verify");
        assertEquals(3, unreachable.code, unreachable.err);
        assertTrue(unreachable.err.contains("cannot reach the database"), unreachable.err);
    }

    @Test
    void doctorFailsEachUnsafeProductionSettingWithWhatToDo() throws Exception {
        Result r = run(Map.of("PLYSTRA_ENV", "production", "PLYSTRA_DATABASE_URL", url, "CORS_ALLOWED_ORIGINS", "*"), null, "doctor");
        assertEquals(1, r.code, r.out);
        assertTrue(r.out.contains("FAIL: CORS_ALLOWED_ORIGINS contains a wildcard"), r.out);
        assertTrue(r.out.contains("FAIL: PLYSTRA_SESSION_SECRET is not set"), r.out);
        assertTrue(r.out.contains("FAIL: PLYSTRA_DATABASE_URL uses the default plystra:plystra credentials"), r.out);
    }

    @Test
    void migrateVerifyFailsUntilMigrateUpThenSeedAndBootstrapWork() throws Exception {
        Map<String, String> env = Map.of("PLYSTRA_DATABASE_URL", url);
        Result pending = run(env, null, "migrate", "verify");
        assertEquals(1, pending.code, pending.out + pending.err);
        assertTrue(pending.err.contains("pending"), pending.err);
        Result doctorBefore = run(env, null, "doctor");
        assertEquals(1, doctorBefore.code, doctorBefore.out);
        assertTrue(doctorBefore.out.contains("FAIL: ") && doctorBefore.out.contains("run `plystractl migrate up`"), doctorBefore.out);
        assertEquals(1, run(env, null, "schema", "check").code, "schema check fails before migrations");

        Result up = run(env, null, "migrate", "up");
        assertEquals(0, up.code, up.err);
        assertTrue(up.out.contains("schema version " + io.plystra.platform.Readiness.EXPECTED_SCHEMA_VERSION), up.out);
        assertEquals(0, run(env, null, "migrate", "verify").code);
        assertTrue(run(env, null, "migrate", "status").out.contains("0 pending"));
        Result schema = run(env, null, "schema", "check");
        assertEquals(0, schema.code, schema.err);
        assertTrue(schema.out.matches("(?s)ok: [1-9][0-9]* entities match the database.*"), schema.out);
        Result doctor = run(env, null, "doctor");
        assertEquals(0, doctor.code, doctor.out);
        assertTrue(doctor.out.lines().allMatch(l -> l.startsWith("ok: ")), doctor.out);

        assertEquals(0, run(env, null, "demo", "seed").code);
        Result again = run(env, null, "demo", "seed");
        assertEquals(0, again.code, "demo seed is idempotent: " + again.err);

        Result first = run(env, "correct-horse-battery\n", "admin", "bootstrap-super-admin", "--email", "root@example.com",
                "--password-stdin");
        assertEquals(0, first.code, first.err);
        assertTrue(first.out.contains("created user root@example.com"), first.out);
        Result refused = run(env, "correct-horse-battery\n", "admin", "bootstrap-super-admin", "--email", "alice@example.com",
                "--password-stdin");
        assertEquals(1, refused.code);
        assertTrue(refused.err.contains("--if-exists ok"), refused.err);
        Result allowed = run(env, null, "admin", "bootstrap-super-admin", "--email", "alice@example.com", "--if-exists", "ok");
        assertEquals(0, allowed.code, allowed.err);
        assertTrue(allowed.out.contains("existing user alice@example.com"), allowed.out);
        assertEquals(2, run(env, "short\n", "admin", "bootstrap-super-admin", "--email", "x@example.com", "--password-stdin").code);

        // Every privileged write of the command line has its audit row, on the mutation chain.
        assertEquals(List.of("demo.seeded", "user.created", "admin_grant.created", "admin_grant.created"),
                auditActions(), "one demo.seeded (the second seed wrote nothing), then root's user and grant, then alice's grant");
        Result verify = run(env, null, "audit", "verify");
        assertEquals(0, verify.code, verify.out + verify.err);
    }

    /** The actions of the audit rows plystractl wrote, oldest first. */
    private static List<String> auditActions() throws java.sql.SQLException {
        DatabaseUrl db = DatabaseUrl.parse(url);
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
