package io.plystra.dev;

import io.plystra.platform.DemoSeed;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/plystractl start-dev}: an embedded PostgreSQL with durable defaults (data kept in
 * {@code .plystra/dev-db}), then the server as a child process on 127.0.0.1:8080 that migrates,
 * loads the demo and makes alice@example.com super admin. Ctrl-C stops both. A development tool:
 * it lives with the tests and ships in {@code target/dev/}, never in the application or its images.
 */
public final class DevServer {

    static final int DEFAULT_DB_PORT = 54329;
    static final int FAILED = 1;

    private DevServer() {
    }

    public static void main(String[] args) throws Exception {
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
        Path dataDir = devDataDir(root.resolve(".plystra/dev-db"), err);
        int dbPort = Integer.parseInt(System.getenv().getOrDefault("PLYSTRA_DEV_DB_PORT", Integer.toString(DEFAULT_DB_PORT)));
        out.println("plystractl: starting PostgreSQL (data in " + dataDir + ", port " + dbPort + ")");
        EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir, dbPort, true);
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
        out.println("plystractl: Plystra on http://" + env.get("SERVER_HOST") + ":" + env.get("SERVER_PORT")
                + " (alice@example.com / " + DemoSeed.DEMO_PASSWORD + "); Ctrl-C stops it");
        int code = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            return code; // Ctrl-C: the hook stops the server and the database.
        }
        pg.close();
        return code;
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
