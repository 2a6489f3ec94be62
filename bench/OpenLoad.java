import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load client in the manner of wrk2: a fixed set of keep-alive connections serves a
 * schedule of evenly spaced requests, and each latency is measured from the instant the request was
 * due, so an answer that holds a connection up is charged to the requests it delays (no coordinated
 * omission). Run with the JDK's source launcher:
 *
 * <pre>java bench/OpenLoad.java URL RATE SECONDS [WARMUP_SECONDS] [CONNECTIONS] [BODY_FILE]</pre>
 *
 * A BODY_FILE makes it a POST of that JSON; the bearer token comes from the TOKEN environment
 * variable. Prints the answers by status and the latency percentiles of the measured part.
 */
public final class OpenLoad {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/OpenLoad.java URL RATE SECONDS [WARMUP_SECONDS] [CONNECTIONS] [BODY_FILE]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        String body = args.length > 5 ? java.nio.file.Files.readString(java.nio.file.Path.of(args[5])).strip() : null;
        byte[] request = request(uri, body, System.getenv("TOKEN"));

        int total = rate * (warmup + seconds);
        int skip = rate * warmup;
        long[] latency = new long[total];
        int[] status = new int[total];
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            threads[c] = new Thread(() -> {
                Socket socket = null;
                InputStream in = null;
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long due = start + i * intervalNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket(uri.getHost(), uri.getPort());
                            socket.setTcpNoDelay(true);
                            in = new BufferedInputStream(socket.getInputStream(), 16384);
                        }
                        socket.getOutputStream().write(request);
                        status[i] = readResponse(in);
                    } catch (IOException | RuntimeException e) {
                        status[i] = -1;
                        socket = null;
                    }
                    latency[i] = System.nanoTime() - due;
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (int i = skip; i < total; i++) {
            byStatus.merge(status[i], 1, Integer::sum);
        }
        long[] measured = Arrays.copyOfRange(latency, skip, total);
        Arrays.sort(measured);
        System.out.printf("target rate %d/s over %d connections for %d s after %d s of warm-up: %d requests in %.2f s (%.0f/s)%n",
                rate, connections, seconds, warmup, total, took, total / took);
        System.out.println("measured answers by status (-1: connection failed): " + byStatus);
        System.out.printf("latency from the due instant over %d measured requests: p50 %.3f ms, p90 %.3f ms, p95 %.3f ms, "
                        + "p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n", measured.length, ms(measured, 0.50),
                ms(measured, 0.90), ms(measured, 0.95), ms(measured, 0.99), ms(measured, 0.999), measured[measured.length - 1] / 1e6);
    }

    private static byte[] request(URI uri, String body, String token) {
        StringBuilder head = new StringBuilder(body == null ? "GET " : "POST ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        if (token != null && !token.isEmpty()) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, all, headBytes.length, content.length);
        return all;
    }

    /** Reads one response (a Content-Length or a chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        boolean chunked = false;
        String header;
        while (!(header = line(in)).isEmpty()) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                chunked = header.substring(18).trim().equalsIgnoreCase("chunked");
            }
        }
        if (!chunked) {
            body(in, length);
            return status;
        }
        int chunk;
        while ((chunk = Integer.parseInt(line(in).split(";", 2)[0].trim(), 16)) > 0) {
            body(in, chunk);
            line(in);
        }
        while (!line(in).isEmpty()) {
            // trailers, up to the empty line that ends the message
        }
        return status;
    }

    private static void body(InputStream in, int length) throws IOException {
        if (in.readNBytes(length).length != length) {
            throw new IOException("connection closed in a body");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private static double ms(long[] sorted, double q) {
        int at = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(at, sorted.length - 1))] / 1e6;
    }
}
