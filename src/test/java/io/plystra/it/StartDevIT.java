package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.plystra.dev.EmbeddedPostgres;

/**
 * {@code bin/plystractl start-dev} as a newcomer runs it, from the packaged build with an empty
 * binaries cache: it announces the URL, the database URL and the credentials once the server
 * answers, prints nothing misleading, and a second start-dev over the same data refuses without
 * touching the running database.
 */
class StartDevIT {

    @Test
    void announcesWhenReadyAndASecondStartLeavesTheRunningDatabaseAlone() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "start-dev-");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Files.setPosixFilePermissions(work.toAbsolutePath(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = work.resolve("dev-db").toAbsolutePath();
        int dbPort = EmbeddedPostgres.freePort();
        int port = EmbeddedPostgres.freePort();

        Launched first = launch(Map.of("SERVER_PORT", Integer.toString(port), "PLYSTRA_DEV_DB_PORT", Integer.toString(dbPort),
                "PLYSTRA_DEV_DATA_DIR", data.toString(), "JAVA_OPTS", "-XX:+UseSerialGC -Xmx192m -Djava.io.tmpdir=" + tmp.toAbsolutePath()));
        try {
            String base = "http://127.0.0.1:" + port;
            assertTrue(first.await("Plystra is ready on " + base, Duration.ofSeconds(180)), first.output());
            assertEquals(200, status(base + "/api/v1/ready"), "the URL is announced once the server answers");
            String output = first.output();
            assertTrue(output.contains(EmbeddedPostgres.url(dbPort, "plystra")), output);
            assertTrue(output.contains("alice@example.com / plystra-demo"), output);
            for (String misleading : List.of("Profile prod", "WARN", "ERROR", "Exception")) {
                assertFalse(output.contains(misleading), "start-dev printed " + misleading + ":\n" + output);
            }

            Launched second = launch(Map.of("SERVER_PORT", Integer.toString(EmbeddedPostgres.freePort()),
                    "PLYSTRA_DEV_DB_PORT", Integer.toString(EmbeddedPostgres.freePort()), "PLYSTRA_DEV_DATA_DIR", data.toString(),
                    "JAVA_OPTS", "-Xmx96m -Djava.io.tmpdir=" + tmp.toAbsolutePath()));
            assertTrue(second.process.waitFor(120, TimeUnit.SECONDS), "the second start-dev must stop by itself");
            assertEquals(1, second.process.exitValue(), second.output());
            assertTrue(second.output().contains("another start-dev (process " + first.process.pid()), second.output());
            assertTrue(second.output().contains("on port " + dbPort), second.output());
            assertEquals(200, status(base + "/api/v1/ready"), "the first server and its database still answer");
        } finally {
            first.process.destroy();
            assertTrue(first.process.waitFor(60, TimeUnit.SECONDS), "Ctrl-C stops start-dev");
        }
        try (Socket stillThere = new Socket("127.0.0.1", dbPort)) {
            throw new AssertionError("the development database still listens after start-dev stopped");
        } catch (IOException stopped) {
            // expected: start-dev stops the database it started
        }
    }

    private static int status(String url) throws IOException, InterruptedException {
        return PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private record Launched(Process process, List<String> lines) {

        boolean await(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (output().contains(text)) {
                    return true;
                }
                Thread.sleep(100);
            }
            return output().contains(text);
        }

        String output() {
            return String.join("\n", lines);
        }
    }

    private static Launched launch(Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bin/plystractl", "start-dev").redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PLYSTRA_GRPC_PORT", Integer.toString(EmbeddedPostgres.freePort()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException closed) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Launched(process, lines);
    }
}
