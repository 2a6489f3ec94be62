package io.plystra.kernel;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * First and last stop of every HTTP request: settles the request id (echoed in the response
 * header and written back into the request header for the layers below), writes one JSON log line
 * per request, and answers the errors that never reach a REST resource (unknown routes outside the
 * API, oversized bodies, failures in the HTTP layer) with the error envelope.
 */
@ApplicationScoped
public class RequestLog {

    private static final Logger LOG = Logger.getLogger(RequestLog.class);
    /**
     * Bodies declared larger than this are refused here with the envelope. The HTTP server's own
     * limit (quarkus.http.limits.max-body-size, 2M) stays above it and only meets chunked bodies.
     */
    static final long MAX_BODY_BYTES = 1024 * 1024;
    /** How long an access log line may wait in its buffer. */
    static final long FLUSH_EVERY_MS = 100;

    /**
     * The access log: whole lines into a 64 KiB buffer in front of standard output, flushed by a
     * timer thread, so a request costs a copy into memory instead of a write to standard output on
     * the event loop (a blocking call whose time, when the reader of the output is slow, lands in
     * the request's latency). A full buffer is written by the thread that fills it.
     */
    private final PrintStream accessLog = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plystra-access-log");
        t.setDaemon(true);
        return t;
    });

    private final ObjectMapper json;
    private final String requestIdHeader;
    private final ClientAddress clientAddress;

    public RequestLog(ObjectMapper json, PlystraConfig config, ClientAddress clientAddress) {
        this.json = json;
        this.requestIdHeader = config.requestIdHeader();
        this.clientAddress = clientAddress;
        flusher.scheduleWithFixedDelay(accessLog::flush, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        flusher.shutdown();
        accessLog.flush();
    }

    void install(@Observes Router router) {
        router.route().order(-1_000_000).handler(this::begin);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> writeError(ctx, ErrorCode.NOT_FOUND, null));
        router.route().order(-1_000_000).failureHandler(this::failure);
    }

    private void begin(RoutingContext ctx) {
        long started = System.nanoTime();
        HttpServerRequest request = ctx.request();
        String requestId = RequestIds.settle(request.getHeader(requestIdHeader));
        request.headers().set(RequestIds.HEADER, requestId);
        ctx.response().putHeader(RequestIds.HEADER, requestId);
        ctx.put(RequestInfo.CONTEXT_KEY, new RequestInfo(requestId, clientAddress.of(request), request.getHeader("User-Agent")));
        ctx.addEndHandler(done -> log(ctx, requestId, started));
        if (declaredLength(request) > MAX_BODY_BYTES) {
            writeError(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "request body larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        ctx.next();
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void failure(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            return;
        }
        ErrorCode kind = ErrorCode.ofStatus(ctx.statusCode());
        if (kind == ErrorCode.INTERNAL_ERROR) {
            LOG.errorf(ctx.failure(), "unexpected failure in the HTTP layer (status %d)", ctx.statusCode());
        }
        writeError(ctx, kind, null);
    }

    private void writeError(RoutingContext ctx, ErrorCode kind, String message) {
        writeError(ctx, json, kind, message);
    }

    /** Answers with the error envelope from the Vert.x layer, where no REST exception mapper runs (message null: the catalogue's). */
    public static void writeError(RoutingContext ctx, ObjectMapper json, ErrorCode kind, String message) {
        writeError(ctx, json, message == null ? new ApiException(kind) : new ApiException(kind, message));
    }

    /** Answers {@code error} with the error envelope from the Vert.x layer. */
    public static void writeError(RoutingContext ctx, ObjectMapper json, ApiException error) {
        String code = error.code();
        String requestId = RequestIds.of(ctx.request().getHeader(RequestIds.HEADER));
        String body;
        try {
            body = json.writeValueAsString(ApiResponse.error(code, error.getMessage(), error.details(), requestId));
        } catch (JsonProcessingException e) {
            body = "{\"error\":{\"code\":\"" + code + "\"}}";
        }
        HttpServerResponse response = ctx.response();
        response.setStatusCode(error.status())
                .putHeader("Content-Type", "application/json")
                .putHeader(ApiResponse.ERROR_CODE_HEADER, code)
                .putHeader(RequestIds.HEADER, requestId)
                .end(body);
    }

    private void log(RoutingContext ctx, String requestId, long started) {
        HttpServerResponse response = ctx.response();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", response.getStatusCode() >= 500 ? "ERROR" : "INFO");
        line.put("request_id", requestId);
        line.put("method", ctx.request().method().name());
        line.put("path", ctx.request().path());
        line.put("status", response.getStatusCode());
        line.put("latency_ms", Math.round((System.nanoTime() - started) / 10_000.0) / 100.0);
        RequestInfo info = RequestInfo.of(ctx);
        line.put("remote_ip", info.ip());
        line.put("user_agent", info.userAgent());
        String errorCode = response.headers().get(ApiResponse.ERROR_CODE_HEADER);
        if (errorCode != null) {
            line.put("error_code", errorCode);
        }
        try {
            // An access log line, not a log record: always bare JSON on standard output, whatever LOG_FORMAT says.
            // One write per line (never a line split between two writes of the buffer).
            accessLog.print(json.writeValueAsString(line) + "\n");
        } catch (JsonProcessingException e) {
            LOG.warn("request log line could not be written", e);
        }
    }
}
