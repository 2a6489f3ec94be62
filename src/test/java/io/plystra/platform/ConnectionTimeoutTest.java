package io.plystra.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.PostgresTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Connections that stop sending are closed after the idle timeout (60 s in production, 2 s here):
 * one that never sends a byte, and one whose headers stop half-way. The framework's default held
 * both for 30 minutes.
 */
@QuarkusTest
@TestProfile(ConnectionTimeoutTest.ShortIdle.class)
class ConnectionTimeoutTest {

    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class));
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void aSilentConnectionIsClosed() throws IOException {
        assertClosedWithinSeconds("", 10);
    }

    @Test
    void headersThatStopHalfWayAreClosed() throws IOException {
        assertClosedWithinSeconds("GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ", 10);
    }

    /** What ships: the production value, not this profile's. */
    @Test
    void theShippedIdleTimeoutIsAMinute() throws IOException {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("src/main/resources/application.properties"))) {
            shipped.load(in);
        }
        assertEquals("60s", shipped.getProperty("quarkus.http.idle-timeout"));
    }

    private void assertClosedWithinSeconds(String sent, int seconds) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(seconds * 1000);
            socket.getOutputStream().write(sent.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("the connection was still open after " + seconds + " s");
            } catch (IOException reset) {
                read = -1;
            }
            double waited = (System.nanoTime() - start) / 1e9;
            assertEquals(-1, read, "closed without an answer");
            assertTrue(waited >= 1.5, "closed by the idle timeout, not at once: " + waited + " s");
        }
    }
}
