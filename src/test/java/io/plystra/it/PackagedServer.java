package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.plystra.dev.EmbeddedPostgres;
import io.plystra.kernel.DatabaseUrl;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;

/**
 * The packaged server run as its own process, as an operator runs it: the artifact the build made
 * (target/quarkus-artifact.properties), the jar ({@code java -jar target/quarkus-app/quarkus-run.jar})
 * or, with {@code -Pnative}, the native executable.
 */
record PackagedServer(Process process, String base, Path log) {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A new, empty database on the test PostgreSQL, in PLYSTRA_DATABASE_URL form. */
    static String freshDatabase(String prefix) {
        DatabaseUrl base = DatabaseUrl.parse(PostgresTestResource.url());
        String name = prefix + Long.toHexString(System.nanoTime());
        TestDatabase.update("CREATE DATABASE " + name);
        return "postgres://" + base.username() + ":" + base.password() + "@" + base.host() + ":" + base.port() + "/"
                + name + "?sslmode=disable";
    }

    /** The command that runs the built artifact with {@code args}. */
    static List<String> command(String... args) throws IOException {
        Path built = Path.of("target/quarkus-artifact.properties");
        assertTrue(Files.exists(built), "package the application first (failsafe runs after package)");
        Properties artifact = new Properties();
        try (Reader in = Files.newBufferedReader(built)) {
            artifact.load(in);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path"));
        List<String> command = new ArrayList<>("native".equals(artifact.getProperty("type")) ? List.of(path.toString())
                : List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", path.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts the server (the artifact with {@code args}: none, or {@code start}) and waits until it is
     * ready; its output goes to target/it-<name>.log.
     */
    static PackagedServer start(String databaseUrl, String name, boolean seed, String... args) throws Exception {
        int port = EmbeddedPostgres.freePort();
        Path log = Path.of("target/it-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("PLYSTRA_DATABASE_URL", databaseUrl);
        env.put("SERVER_HOST", "127.0.0.1");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("PLYSTRA_GRPC_PORT", Integer.toString(EmbeddedPostgres.freePort()));
        env.put("LOG_FORMAT", "text");
        env.put("PLYSTRA_DEMO_SEED", Boolean.toString(seed));
        if (seed) {
            env.put("PLYSTRA_BOOTSTRAP_ADMIN_EMAIL", "alice@example.com");
        }
        Process process = pb.start();
        String base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return new PackagedServer(process, base, log);
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("instance " + name + " did not become ready; see " + log);
    }

    HttpResponse<String> post(String path, String body, String bearer) throws IOException, InterruptedException {
        return postWithRequestId(path, body, bearer, null);
    }

    HttpResponse<String> postWithRequestId(String path, String body, String bearer, String requestId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (requestId != null) {
            request.header("X-Request-ID", requestId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in as the demo super admin; the access token. */
    String loginAlice() throws IOException, InterruptedException {
        String login = post("/api/v1/auth/login", "{\"email\":\"alice@example.com\",\"password\":\"plystra-demo\"}", null).body();
        return login.replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");
    }

    /** What the server has written to its standard output and error so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
