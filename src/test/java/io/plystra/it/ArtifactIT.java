package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.plystra.platform.Readiness;

/**
 * The built artifact as one executable: the server ({@code start}) and plystractl (any other
 * command). It runs against the jar in {@code ./mvnw verify} and, as the only IT of the native
 * profile, against the native executable in {@code ./mvnw verify -Pnative}: health, a login (an
 * Argon2 hash through JNA), a check, and CLI commands over JDBC and Flyway.
 */
class ArtifactIT {

    @Test
    void theServerAnswersHealthLoginAndACheck() throws Exception {
        PackagedServer server = PackagedServer.start(PackagedServer.freshDatabase("plystra_artifact_"), "artifact", true, "start");
        try {
            HttpResponse<String> health = PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
            String token = server.loginAlice();
            assertTrue(token.matches("ply_at_[0-9a-f]{64}"), "a login answers an access token: " + token);
            HttpResponse<String> check = server.post("/api/v1/authz/check", """
                    {"actor": {"user_id": "user_alice", "member_id": "member_finance_reviewer",
                               "user_member_id": "um_alice_finance_reviewer", "space_id": "space_acme"},
                     "resource_type": "invoice", "resource_id": "invoice_001", "action": "approve"}""", token);
            assertEquals(200, check.statusCode(), check.body());
            assertTrue(check.body().contains("\"decision\":\"allow\""), check.body());
        } finally {
            server.stop();
        }
    }

    @Test
    void anyOtherCommandIsPlystractlWithoutTheServer() throws Exception {
        Run help = run(null, "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("usage: plystractl <command>"), help.out());
        String url = PackagedServer.freshDatabase("plystra_artifact_cli_");
        long migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
        Run up = run(url, "migrate", "up");
        assertEquals(new Run(0, "migrate up: " + migrations + " applied; schema version " + Readiness.EXPECTED_SCHEMA_VERSION
                + "\n", ""), up);
        Run verify = run(url, "migrate", "verify");
        assertEquals(new Run(0, "ok: " + migrations + " migration(s) applied, checksums match\n", ""), verify);
        Run unknown = run(url, "serve");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("plystractl: unknown command: serve"), unknown.err());
    }

    record Run(int code, String out, String err) {
    }

    /** The artifact with {@code args}, PLYSTRA_DATABASE_URL set to {@code url} when given. */
    static Run run(String url, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(PackagedServer.command(args));
        pb.environment().remove("PLYSTRA_DATABASE_URL");
        if (url != null) {
            pb.environment().put("PLYSTRA_DATABASE_URL", url);
        }
        Process process = pb.start();
        process.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", args) + " did not finish");
        return new Run(process.exitValue(), out, err.join());
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
