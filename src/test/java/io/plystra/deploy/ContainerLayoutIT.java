package io.plystra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.dev.EmbeddedPostgres;
import io.plystra.kernel.DatabaseUrl;
import io.plystra.testsupport.PostgresTestResource;
import io.plystra.testsupport.TestDatabase;

/**
 * Dockerfile.jvm without a Docker engine: its COPY lines are carried out into a directory that
 * stands for the image's root (target/quarkus-app and bin/ as a `docker build` would lay them out),
 * then, with the image's ENV and, when this process is root, as the image's USER, the migration
 * command of deploy/migration-job.yaml runs from that layout against a real PostgreSQL and the
 * image's ENTRYPOINT starts the server in production mode until /q/health/ready answers 200.
 * Runs after package (failsafe), since it needs target/quarkus-app.
 */
class ContainerLayoutIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void jvmImageLayoutMigratesAndServesReadyInProductionMode() throws Exception {
        assertTrue(Files.exists(Path.of("target/quarkus-app/quarkus-run.jar")), "package the application first");
        Dockerfile dockerfile = Dockerfile.read(Path.of("Dockerfile.jvm"));
        Path root = Files.createTempDirectory("plystra-image-root");
        try {
            dockerfile.layOut(Path.of("."), root);
            Path app = root.resolve(dockerfile.workdir().substring(1));
            assertTrue(Files.isExecutable(app.resolve("bin/plystractl")), "bin/plystractl is executable in the image");
            String user = dockerfile.user();
            boolean asImageUser = EmbeddedPostgres.runningAsRoot() && user != null;
            if (asImageUser) {
                // --chown and USER: the files belong to the image's user, who runs everything below.
                exec(List.of("chown", "-R", user + ":" + user, root.toString()));
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            }

            Map<String, String> env = new LinkedHashMap<>(dockerfile.env());
            int port = EmbeddedPostgres.freePort();
            env.put("SERVER_HOST", "127.0.0.1"); // the image listens on 0.0.0.0; here loopback only
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("PLYSTRA_GRPC_PORT", Integer.toString(EmbeddedPostgres.freePort()));
            env.put("PLYSTRA_DATABASE_URL", productionDatabase());
            env.put("PLYSTRA_SESSION_SECRET", random());
            env.put("AUDIT_CHECKPOINT_KEY", random());
            env.put("CORS_ALLOWED_ORIGINS", "https://admin.example.com");
            env.put("JAVA_HOME", System.getProperty("java.home")); // the base image sets it too
            env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
            env.put("HOME", app.toString());
            assertEquals("production", env.get("PLYSTRA_ENV"), "the image runs in production mode");

            List<String> asUser = asImageUser
                    ? List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--clear-groups")
                    : List.of();
            Path logs = Path.of("target");
            // The command of deploy/migration-job.yaml (and of Compose's migrate service), from the layout.
            List<String> migration = new ArrayList<>();
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(Path.of("deploy/migration-job.yaml").toFile())
                    .at("/spec/template/spec/containers/0/command").forEach(arg -> migration.add(arg.asText()));
            assertEquals(List.of("/app/bin/plystractl", "migrate", "up"), migration);
            String plystractl = root.resolve(migration.get(0).substring(1)).toString();

            Run migrate = run(asUser, List.of(plystractl, "migrate", "up"), env, app, logs.resolve("it-layout-migrate.log"));
            assertEquals(0, migrate.exit(), migrate.output());
            assertTrue(migrate.output().contains("migrate up:"), migrate.output());
            Run status = run(asUser, List.of(plystractl, "migrate", "status"), env, app, logs.resolve("it-layout-status.log"));
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("0 pending"), status.output());

            List<String> entrypoint = new ArrayList<>(asUser);
            dockerfile.entrypoint().forEach(arg -> entrypoint.add(arg.startsWith("/") ? root.resolve(arg.substring(1)).toString() : arg));
            ProcessBuilder server = new ProcessBuilder(entrypoint).directory(app.toFile()).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("it-layout-server.log").toFile());
            server.environment().clear();
            server.environment().putAll(env);
            Process process = server.start();
            try {
                assertEquals(200, waitForReady("http://127.0.0.1:" + port + "/q/health/ready", process),
                        "ready; see target/it-layout-server.log");
                String cmdline = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
                assertTrue(cmdline.contains("-XX:+UseSerialGC -Xms64m -Xmx192m"), "the server runs with plystractl's flags: " + cmdline);
                if (asImageUser) {
                    String procStatus = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
                    assertTrue(procStatus.lines().anyMatch(l -> l.matches("Uid:\\s+" + user + "\\s.*")), "runs as the image's USER " + user);
                }
            } finally {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A database owned by its own role: production mode refuses the test server's default credentials. */
    static String productionDatabase() {
        DatabaseUrl test = DatabaseUrl.parse(PostgresTestResource.url());
        String suffix = Long.toHexString(System.nanoTime());
        String role = "plystra_layout_" + suffix;
        String password = random();
        TestDatabase.update("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
        TestDatabase.update("CREATE DATABASE " + role + " OWNER " + role);
        return "postgres://" + role + ":" + password + "@" + test.host() + ":" + test.port() + "/" + role + "?sslmode=disable";
    }

    static String random() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static int waitForReady(String url, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                last = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return last;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(250);
        }
        return last;
    }

    record Run(int exit, String output) {
    }

    static Run run(List<String> prefix, List<String> command, Map<String, String> env, Path dir, Path log) throws Exception {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not finish; see " + log);
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    static void exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + ": " + output);
    }

    /** The instructions of a single-stage Dockerfile that shape the image: WORKDIR, COPY, USER, ENV, ENTRYPOINT. */
    record Dockerfile(String workdir, List<List<String>> copies, String user, Map<String, String> env, List<String> entrypoint) {

        static Dockerfile read(Path file) throws IOException {
            String workdir = "/";
            List<List<String>> copies = new ArrayList<>();
            String user = null;
            Map<String, String> env = new LinkedHashMap<>();
            List<String> entrypoint = List.of();
            for (String line : Files.readAllLines(file)) {
                String[] words = line.strip().split("\\s+");
                switch (words[0]) {
                    case "WORKDIR" -> workdir = words[1];
                    case "USER" -> user = words[1];
                    case "ENV" -> {
                        for (int i = 1; i < words.length; i++) {
                            assertTrue(words[i].contains("="), "ENV in KEY=value form: " + line);
                            env.put(words[i].substring(0, words[i].indexOf('=')), words[i].substring(words[i].indexOf('=') + 1));
                        }
                    }
                    case "COPY" -> {
                        List<String> args = new ArrayList<>();
                        for (int i = 1; i < words.length; i++) {
                            if (words[i].startsWith("--from")) {
                                throw new AssertionError("a multi-stage COPY is not laid out here: " + line);
                            }
                            if (!words[i].startsWith("--")) {
                                args.add(words[i]);
                            }
                        }
                        assertTrue(args.size() >= 2, "COPY needs a source and a destination: " + line);
                        copies.add(args);
                    }
                    case "ENTRYPOINT" -> {
                        String json = line.strip().substring("ENTRYPOINT".length()).strip();
                        entrypoint = List.of(new ObjectMapper().readValue(json, String[].class));
                    }
                    default -> {
                        // FROM, RUN, EXPOSE and comments do not shape the layout.
                    }
                }
            }
            assertTrue(!entrypoint.isEmpty(), "exec-form ENTRYPOINT in " + file);
            return new Dockerfile(workdir, copies, user, env, entrypoint);
        }

        /** Carries out the COPY lines from {@code context} into {@code root} (the image's /). */
        void layOut(Path context, Path root) throws IOException {
            for (List<String> copy : copies) {
                String destination = copy.get(copy.size() - 1);
                String absolute = destination.startsWith("/") ? destination : workdir + "/" + destination;
                Path target = root.resolve(absolute.substring(1));
                List<Path> sources = new ArrayList<>();
                for (String source : copy.subList(0, copy.size() - 1)) {
                    List<Path> matched = matches(context, source);
                    assertTrue(!matched.isEmpty(), "COPY source " + source + " matches nothing");
                    sources.addAll(matched);
                }
                boolean intoDirectory = destination.endsWith("/") || sources.size() > 1;
                for (Path source : sources) {
                    if (Files.isDirectory(source)) {
                        copyTree(source, target); // a directory's contents, as COPY does
                    } else {
                        Path to = intoDirectory ? target.resolve(source.getFileName().toString()) : target;
                        Files.createDirectories(to.getParent());
                        Files.copy(source, to, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }

        static List<Path> matches(Path context, String source) throws IOException {
            String trimmed = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
            if (!trimmed.contains("*")) {
                Path p = context.resolve(trimmed);
                return Files.exists(p) ? List.of(p) : List.of();
            }
            Path dir = context.resolve(trimmed.substring(0, trimmed.lastIndexOf('/')));
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + trimmed.substring(trimmed.lastIndexOf('/') + 1));
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> glob.matches(p.getFileName())).sorted().toList();
            }
        }

        static void copyTree(Path from, Path to) throws IOException {
            try (Stream<Path> paths = Files.walk(from)) {
                for (Path p : paths.toList()) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }
}
