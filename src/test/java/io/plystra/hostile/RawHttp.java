package io.plystra.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), so that a
 * request can carry bytes no HTTP client library would send: NUL in a header, raw non-UTF-8 in the
 * request line, two Content-Length headers, a body larger than it says. Each connection comes from
 * a fresh 127.x.y.z address, so that failed logins never lock the 127.0.0.1 the other tests use.
 */
final class RawHttp {

    /** A request: the target is raw bytes (already percent-encoded where it should be). */
    record Request(String method, byte[] target, List<String[]> headers, byte[] body, boolean chunked, boolean withLength) {
    }

    /** The answer; status -1 when the server closed the connection without one. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    Reply send(Request request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write((request.method() + " ").getBytes(StandardCharsets.ISO_8859_1));
        head.write(request.target());
        head.write(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (String[] h : request.headers()) {
            head.write((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        byte[] body = request.body();
        if (body != null && request.chunked()) {
            head.write("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else if (body != null && request.withLength()) {
            head.write(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        head.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));

        try (Socket socket = new Socket()) {
            socket.setSoTimeout(60_000);
            socket.bind(new InetSocketAddress(InetAddress.getByName(freshLoopbackAddress()), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                out.flush();
            } catch (IOException e) {
                // Refused (414, 431) and closed before the whole head was written: read the answer.
                return parse(readAll(socket.getInputStream()));
            }
            // Large bodies are written by another thread: the server may answer (413) before reading them.
            Thread writer = null;
            if (body != null) {
                Runnable write = () -> {
                    try {
                        if (request.chunked()) {
                            int step = 64 * 1024;
                            for (int off = 0; off < body.length; off += step) {
                                int n = Math.min(step, body.length - off);
                                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                                out.write(body, off, n);
                                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                            }
                            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        } else {
                            out.write(body);
                        }
                        out.flush();
                    } catch (IOException e) {
                        // The server answered and closed before reading it all: the answer is what counts.
                    }
                };
                if (body.length <= 64 * 1024) {
                    write.run();
                } else {
                    writer = new Thread(write, "raw-http-writer");
                    writer.setDaemon(true);
                    writer.start();
                }
            }
            byte[] raw = readAll(socket.getInputStream());
            if (writer != null) {
                writer.interrupt();
            }
            return parse(raw);
        }
    }

    /** Reads until the answer is complete (by its Content-Length or last chunk), or the connection ends. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                all.write(buffer, 0, n);
                if (complete(all.toByteArray())) {
                    break;
                }
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer (the server closed while a body was still coming): keep what arrived.
        }
        return all.toByteArray();
    }

    private static boolean complete(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            return false;
        }
        Reply head = parse(java.util.Arrays.copyOf(raw, end + 4));
        String length = head.header("Content-Length");
        if (length != null) {
            return raw.length >= end + 4 + Long.parseLong(length.trim());
        }
        if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
            return indexOf(raw, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), end) >= 0;
        }
        return false;
    }

    static Reply parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (raw.length == 0 || end < 0) {
            return new Reply(-1, Map.of(), raw);
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Reply(Integer.parseInt(statusLine[1]), headers, rest);
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < data.length) {
            int lineEnd = indexOf(data, "\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(data, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int n = Integer.parseInt(size, 16);
            if (n == 0) {
                break;
            }
            out.write(data, lineEnd + 2, Math.min(n, data.length - lineEnd - 2));
            pos = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        return indexOf(data, needle, 0);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A loopback address other than 127.0.0.1. */
    static String freshLoopbackAddress() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }
}
