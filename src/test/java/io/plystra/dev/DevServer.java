package io.plystra.dev;

import io.plystra.platform.DemoSeed;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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

/**
 * {@code bin/plystractl start-dev}: an embedded PostgreSQL with durable defaults (data kept in
 * {@code .plystra/dev-db}, or {@code PLYSTRA_DEV_DATA_DIR}), then the server as a child process on
 * 127.0.0.1:8080 that migrates, loads the demo and makes alice@example.com super admin; once the
 * server answers, the URL, the database URL and the credentials are printed. Ctrl-C stops both. A
 * second start-dev over the same data refuses and says where the first one runs. A development tool:
 * it lives with the tests and ships in {@code target/dev/}, never in the application or its images.
 */
public final class DevServer {

    static final int DEFAULT_DB_PORT = 54329;
    static final int FAILED = 1;

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
        // Before anything logs (the HTTP client used to await readiness does): the framework's log manager.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        if (args.length > 0) {
            System.err.println("plystractl: start-dev takes no options");
            System.exit(2);
        }
        System.exit(run(Path.of("").toAbsolutePath(), System.out, System.err));
    }

    static int run(Path root, PrintStream out, PrintStream err) throws Exception {
        Path app = root.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(app)) {
            err.println("plystractl: " + app + " is missing: build with ./mvnw package -DskipTests");
            return FAILED;
        }
        Path dataDir = devDataDir(root.resolve(System.getenv().getOrDefault("PLYSTRA_DEV_DATA_DIR", ".plystra/dev-db")), err);
        int dbPort = Integer.parseInt(System.getenv().getOrDefault("PLYSTRA_DEV_DB_PORT", Integer.toString(DEFAULT_DB_PORT)));
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.start(dataDir, dbPort, true);
        } catch (EmbeddedPostgres.InUse running) {
            err.println("plystractl: another start-dev (process " + running.ownerPid + ") runs the development database in "
                    + dataDir + " on port " + running.port + "; stop it first, or start a second server on that database:"
                    + " PLYSTRA_DATABASE_URL=" + EmbeddedPostgres.url(running.port, "plystra") + " SERVER_PORT=<port> bin/plystractl start");
            return FAILED;
        }
        pg.ensureDatabase("plystra");

        String java = ProcessHandle.current().info().command().orElse("java");
        // The server JVM gets this JVM's options (JAVA_OPTS of bin/plystractl): heap, GC, flags.
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-jar", app.toString()));
        ProcessBuilder server = new ProcessBuilder(command).inheritIO();
        Map<String, String> env = server.environment();
        env.put("PLYSTRA_DATABASE_URL", pg.url("plystra"));
        env.put("PLYSTRA_DEMO_SEED", "true");
        env.put("PLYSTRA_BOOTSTRAP_ADMIN_EMAIL", "alice@example.com");
        env.put("PLYSTRA_BOOTSTRAP_ADMIN_PASSWORD", DemoSeed.DEMO_PASSWORD);
        env.putIfAbsent("SERVER_HOST", "127.0.0.1");
        env.putIfAbsent("SERVER_PORT", "8080");
        env.putIfAbsent("LOG_FORMAT", "text");
        env.putIfAbsent("OPENAPI_UI_ENABLED", "true");
        // The framework's start-up lines (the build's "prod" profile, migration steps) would only
        // mislead here: this process announces the server once it answers.
        env.putIfAbsent("QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "WARN");
        env.putIfAbsent("QUARKUS_LOG_CATEGORY__ORG_FLYWAYDB__LEVEL", "WARN");
        Process process = server.start();
        Thread stopper = new Thread(() -> {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pg.close();
        });
        Runtime.getRuntime().addShutdownHook(stopper);
        String base = "http://" + env.get("SERVER_HOST") + ":" + env.get("SERVER_PORT");
        if (awaitReady(base, process)) {
            out.println("plystractl: Plystra is ready on " + base + " (development environment)");
            out.println("plystractl:   database  " + pg.url("plystra") + " (data in " + dataDir + ")");
            out.println("plystractl:   sign in   alice@example.com / " + DemoSeed.DEMO_PASSWORD + " (super admin, demo data loaded)");
            out.println("plystractl:   Ctrl-C stops the server and the database");
        }
        int code = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            return code; // Ctrl-C: the hook stops the server and the database.
        }
        pg.close();
        return code;
    }

    /** Polls the readiness route until it answers 200; false if the server exits first. */
    private static boolean awaitReady(String base, Process process) throws InterruptedException {
        String probe = base.replace("//0.0.0.0:", "//127.0.0.1:") + "/api/v1/ready";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(probe)).timeout(Duration.ofSeconds(2)).build();
        while (process.isAlive()) {
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * As root, the server runs as nobody and must reach its data directory; when the checkout sits
     * below a directory nobody cannot enter (such as /root), the data goes under /var/tmp instead.
     */
    private static Path devDataDir(Path preferred, PrintStream err) throws Exception {
        if (!EmbeddedPostgres.runningAsRoot()) {
            return preferred;
        }
        for (Path p = preferred.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Path fallback = Path.of("/var/tmp", "plystra-dev-db-" + Integer.toHexString(preferred.toAbsolutePath().toString().hashCode()));
                err.println("plystractl: " + p + " is closed to the unprivileged database user; keeping dev data in " + fallback);
                return fallback;
            }
        }
        return preferred;
    }
}
