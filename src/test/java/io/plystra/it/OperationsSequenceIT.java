package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.plystra.dev.EmbeddedPostgres;
import io.plystra.kernel.DatabaseUrl;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;

/**
 * docs/operations.md section 4 is the tested sequence: its shell blocks run as written (the
 * database URL is the one substitution) on a fresh database owned by its own role, in production
 * mode; the server they start answers, the super admin they bootstrap signs in, and the OpenAPI
 * document is not served (production's default).
 */
class OperationsSequenceIT {

    static final String ADMIN_PASSWORD = "an operator's passphrase 2026";

    @Test
    void theDocumentedProductionSequenceRunsOnAFreshDatabase() throws Exception {
        List<String> blocks = section4Blocks();
        assertEquals(3, blocks.size(), "section 4 has three shell blocks: environment, setup, start");
        String url = freshDatabaseWithItsOwnRole();
        String environment = blocks.get(0).replaceFirst("(?m)^export PLYSTRA_DATABASE_URL=.*$",
                Matcher.quoteReplacement("export PLYSTRA_DATABASE_URL='" + url + "'"));
        assertTrue(environment.contains(url), "the environment block exports PLYSTRA_DATABASE_URL");
        int port = EmbeddedPostgres.freePort();
        File log = new File("target/it-operations-sequence.log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
                String.join("\n", environment, blocks.get(1), blocks.get(2)))
                .redirectErrorStream(true).redirectOutput(log);
        pb.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        pb.environment().put("PLYSTRA_GRPC_PORT", Integer.toString(EmbeddedPostgres.freePort()));
        pb.environment().put("SERVER_HOST", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process shell = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            assertTrue(awaitReady(base, shell), "the sequence did not bring a ready server; see " + log + ":\n"
                    + Files.readString(log.toPath()));
            HttpResponse<String> login = PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"ops@example.com\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = login.body().replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> me = PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/me"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("instance_super_admin"), me.body());
            assertEquals(404, PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "production serves no OpenAPI document unless OPENAPI_ENABLED");
        } finally {
            shell.descendants().forEach(ProcessHandle::destroy);
            shell.destroy();
            shell.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static List<String> section4Blocks() throws IOException {
        String doc = Files.readString(Path.of("docs/operations.md"));
        int start = doc.indexOf("## 4.");
        String section = doc.substring(start, doc.indexOf("\n## ", start + 1));
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** A database and a role of its own, as production has (the embedded server's default credentials are refused there). */
    private static String freshDatabaseWithItsOwnRole() {
        DatabaseUrl admin = DatabaseUrl.parse(PostgresTestResource.url());
        String suffix = Long.toHexString(System.nanoTime());
        String role = "plystra_core_" + suffix;
        String password = "pw-" + suffix + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        TestDatabase.update("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        TestDatabase.update("CREATE DATABASE plystra_ops_" + suffix + " OWNER " + role);
        return "postgres://" + role + ":" + password + "@" + admin.host() + ":" + admin.port() + "/plystra_ops_" + suffix
                + "?sslmode=disable";
    }

    private static boolean awaitReady(String base, Process shell) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline && shell.isAlive()) {
            try {
                if (PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // migrating or starting
            }
            Thread.sleep(250);
        }
        return false;
    }
}
