package io.plystra.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.plystra.dev.EmbeddedPostgres;
import io.plystra.kernel.DatabaseUrl;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real PostgreSQL for the component tests: {@code PLYSTRA_TEST_DATABASE_URL} when set, otherwise
 * one embedded server per test JVM (fsync off: tests only), stopped and deleted when the JVM exits.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "plystra_test";
    private static String url;
    private static EmbeddedPostgres server;

    /** The embedded server, or null when the tests use PLYSTRA_TEST_DATABASE_URL. */
    public static synchronized EmbeddedPostgres server() {
        url();
        return server;
    }

    /** The test database in PLYSTRA_DATABASE_URL form, starting the server on first use. */
    public static synchronized String url() {
        if (url != null) {
            return url;
        }
        String external = System.getenv("PLYSTRA_TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            url = external;
            return url;
        }
        try {
            Path dir = Files.createTempDirectory("plystra-test-pg");
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            EmbeddedPostgres pg = EmbeddedPostgres.start(dir.resolve("data"), EmbeddedPostgres.freePort(), false);
            pg.ensureDatabase(DATABASE);
            server = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pg.close();
                deleteQuietly(dir);
            }));
            url = pg.url(DATABASE);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> start() {
        DatabaseUrl db = DatabaseUrl.parse(url());
        return Map.of(
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.reactive.url", db.reactiveUrl(),
                "quarkus.datasource.username", db.username(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        // The server outlives a single Quarkus boot; the shutdown hook stops it.
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Left in the temp directory.
        }
    }
}
