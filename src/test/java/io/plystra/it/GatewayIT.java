package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.plystra.dev.EmbeddedPostgres;

/**
 * The real gateways in front of a tiny upstream, asking the packaged server: NGINX with
 * {@code auth_request}, Caddy with {@code forward_auth} and HAProxy with the Lua action of
 * docs/gateways/plystra-auth.lua, configured as docs/gateways.md says.
 * Allow reaches the upstream with the identity headers; deny is 403 with the deny code; no
 * credential is 401; a path-traversal variant is denied; with Plystra stopped the gateway refuses.
 * Needs the {@code nginx}, {@code caddy} and {@code haproxy} binaries (.ci/run installs them).
 */
class GatewayIT {

    static final String ROUTES = """
            {"routes":[
              {"name":"approve-invoice","methods":["POST"],"path":"/invoices/{invoice_id}/approve",
               "resource_type":"invoice","resource_id":"{invoice_id}","action":"approve"},
              {"name":"health","methods":["GET"],"path":"/healthz","public":true}]}""";

    static PackagedServer plystra;
    static HttpServer upstream;
    static Process nginx;
    static Process caddy;
    static Process haproxy;
    static int haproxyPort;
    static int nginxPort;
    static int caddyPort;
    static String token;
    static final List<String> upstreamSaw = new ArrayList<>();
    /** HTTP/1.1, as a browser or curl talks to a gateway (the JDK client's default h2c upgrade is no such request). */
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        String nginxBinary = binary("nginx");
        String caddyBinary = binary("caddy");
        String haproxyBinary = binary("haproxy");
        boolean installed = nginxBinary != null && caddyBinary != null && haproxyBinary != null;
        if (!installed && System.getenv("CI") == null) {
            org.junit.jupiter.api.Assumptions.abort("nginx, caddy and haproxy are not on the path (.ci/run installs them)");
        }
        assertTrue(installed, "CI must have nginx, caddy and haproxy on the path");
        plystra = PackagedServer.start(PackagedServer.freshDatabase("plystra_gw_"), "gateway", true);
        token = plystra.loginAlice();
        String key = plystra.post("/api/v1/api-keys",
                "{\"name\":\"gateway\",\"permission_keys\":[\"authz:check\"],\"space_id\":\"space_acme\"}", token).body()
                .replaceAll("(?s).*\"key\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> applied = PackagedServer.HTTP.send(HttpRequest.newBuilder(URI.create(plystra.base()
                        + "/api/v1/spaces/space_acme/gateway/routes")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(ROUTES)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, applied.statusCode(), applied.body());

        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            String user = exchange.getRequestHeaders().getFirst("X-Plystra-User-Id");
            synchronized (upstreamSaw) {
                upstreamSaw.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " as " + user);
            }
            byte[] body = ("upstream saw " + user).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        int plystraPort = URI.create(plystra.base()).getPort();
        int upstreamPort = upstream.getAddress().getPort();

        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "gateways-");
        nginxPort = EmbeddedPostgres.freePort();
        String nginxConf = Files.readString(Path.of("docs/gateways/nginx.conf"))
                .replace("PLYSTRA_GATEWAY_KEY", key).replace("127.0.0.1:8080", "127.0.0.1:" + plystraPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + upstreamPort).replace("listen 80;", "listen 127.0.0.1:" + nginxPort + ";");
        Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log;
                events {}
                http {
                    access_log off;
                    client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fcgi; uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(dir, nginxConf));
        nginx = new ProcessBuilder(nginxBinary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(new File("target/it-nginx.log")).start();

        caddyPort = EmbeddedPostgres.freePort();
        String caddyfile = Files.readString(Path.of("docs/gateways/Caddyfile"))
                .replace("PLYSTRA_GATEWAY_KEY", key).replace("127.0.0.1:8080", "127.0.0.1:" + plystraPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + upstreamPort).replace(":80 {", ":" + caddyPort + " {");
        Files.writeString(dir.resolve("Caddyfile"), "{\n\tadmin off\n\tauto_https off\n}\n" + caddyfile);
        ProcessBuilder caddyBuilder = new ProcessBuilder(caddyBinary, "run", "--config", dir.resolve("Caddyfile").toString(),
                "--adapter", "caddyfile").redirectErrorStream(true).redirectOutput(new File("target/it-caddy.log"));
        caddyBuilder.environment().put("HOME", dir.toString());
        caddyBuilder.environment().put("XDG_DATA_HOME", dir.resolve("caddy-data").toString());
        caddyBuilder.environment().put("XDG_CONFIG_HOME", dir.resolve("caddy-config").toString());
        caddy = caddyBuilder.start();
        haproxyPort = EmbeddedPostgres.freePort();
        Files.copy(Path.of("docs/gateways/plystra-auth.lua"), dir.resolve("plystra-auth.lua"));
        Files.writeString(dir.resolve("haproxy.cfg"), Files.readString(Path.of("docs/gateways/haproxy.cfg"))
                .replace("lua-load plystra-auth.lua", "lua-load " + dir.resolve("plystra-auth.lua"))
                .replace("bind :80", "bind 127.0.0.1:" + haproxyPort).replace("127.0.0.1:9000", "127.0.0.1:" + upstreamPort));
        ProcessBuilder haproxyBuilder = new ProcessBuilder(haproxyBinary, "-db", "-f", dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(new File("target/it-haproxy.log"));
        haproxyBuilder.environment().put("PLYSTRA_GATEWAY_KEY", key);
        haproxyBuilder.environment().put("PLYSTRA_FORWARD_URL", "http://127.0.0.1:" + plystraPort + "/api/v1/authz/forward");
        haproxy = haproxyBuilder.start();
        awaitListening(haproxyPort, haproxy, "target/it-haproxy.log");
        awaitListening(nginxPort, nginx, "target/it-nginx.log");
        awaitListening(caddyPort, caddy, "target/it-caddy.log");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process p : new Process[] {nginx, caddy, haproxy}) {
            if (p != null) {
                p.destroy();
                p.waitFor();
            }
        }
        if (upstream != null) {
            upstream.stop(0);
        }
        if (plystra != null) {
            plystra.stop();
        }
    }

    @Test
    void gatewaysAllowDenyAndRefuseAsPlystraDecides() throws Exception {
        for (int port : new int[] {nginxPort, caddyPort, haproxyPort}) {
            String gw = "gateway on " + port;
            HttpResponse<String> allowed = send(port, "POST", "/invoices/invoice_001/approve", token);
            assertEquals(200, allowed.statusCode(), gw + ": " + allowed.body());
            assertEquals("upstream saw user_alice", allowed.body(), gw + ": the upstream gets the identity header");

            HttpResponse<String> denied = send(port, "POST", "/invoices/invoice_002/approve", token);
            assertEquals(403, denied.statusCode(), gw);
            assertEquals("SCOPE_OUT_OF_BOUNDS", denied.headers().firstValue("X-Plystra-Deny-Code").orElse(null), gw);

            assertEquals(401, send(port, "POST", "/invoices/invoice_001/approve", null).statusCode(), gw + ": no credential");
            assertEquals(403, send(port, "POST", "/invoices/invoice_001/approve/../../invoice_002/approve", token).statusCode(),
                    gw + ": a traversal onto a denied invoice");
            assertEquals(403, send(port, "GET", "/admin", token).statusCode(), gw + ": an unmapped path");
            assertEquals(200, send(port, "GET", "/healthz", null).statusCode(), gw + ": a public route");
        }
        synchronized (upstreamSaw) {
            assertTrue(upstreamSaw.stream().noneMatch(s -> s.contains("invoice_002") || s.contains("/admin")),
                    "nothing denied reached the upstream: " + upstreamSaw);
        }

        plystra.stop();
        for (int port : new int[] {nginxPort, caddyPort, haproxyPort}) {
            HttpResponse<String> down = send(port, "POST", "/invoices/invoice_001/approve", token);
            assertNotEquals(200, down.statusCode(), "gateway on " + port + " with Plystra stopped: " + down.body());
            assertTrue(down.statusCode() >= 500, "gateway on " + port + " refuses with an error: " + down.statusCode());
        }
        plystra = null;
    }

    private static HttpResponse<String> send(int port, String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The executable's path (PATH, then /usr/sbin where Debian puts nginx), or null. */
    private static String binary(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return null;
    }

    private static void awaitListening(int port, Process process, String log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the gateway did not listen on " + port + "; see " + log + ":\n" + Files.readString(Path.of(log)));
    }
}
