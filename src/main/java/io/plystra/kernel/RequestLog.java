package io.plystra.kernel;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private final ObjectMapper json;
    private final String requestIdHeader;
    private final ClientAddress clientAddress;

    public RequestLog(ObjectMapper json, PlystraConfig config, ClientAddress clientAddress) {
        this.json = json;
        this.requestIdHeader = config.requestIdHeader();
        this.clientAddress = clientAddress;
    }

    void install(@Observes Router router) {
        router.route().order(-1_000_000).handler(this::begin);
        router.route().order(Integer.MAX_VALUE).handler(ctx -> writeError(ctx, 404, "NOT_FOUND", "no such route"));
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
            writeError(ctx, 413, "PAYLOAD_TOO_LARGE", "request body larger than " + MAX_BODY_BYTES + " bytes");
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
        int status = ctx.statusCode();
        if (status == 413) {
            writeError(ctx, 413, "PAYLOAD_TOO_LARGE", "request body too large");
        } else if (status == 404) {
            writeError(ctx, 404, "NOT_FOUND", "no such route");
        } else if (status == 405) {
            writeError(ctx, 405, "METHOD_NOT_ALLOWED", "method not allowed on this route");
        } else if (status >= 400 && status < 500) {
            writeError(ctx, status, status == 431 ? "HEADERS_TOO_LARGE" : "BAD_REQUEST", "the request cannot be processed");
        } else {
            LOG.errorf(ctx.failure(), "unexpected failure in the HTTP layer (status %d)", status);
            writeError(ctx, 500, "INTERNAL_ERROR", "unexpected server error; quote the request id");
        }
    }

    private void writeError(RoutingContext ctx, int status, String code, String message) {
        writeError(ctx, json, status, code, message);
    }

    /** Answers with the error envelope from the Vert.x layer, where no REST exception mapper runs. */
    public static void writeError(RoutingContext ctx, ObjectMapper json, int status, String code, String message) {
        String requestId = RequestIds.of(ctx.request().getHeader(RequestIds.HEADER));
        String body;
        try {
            body = json.writeValueAsString(ApiResponse.error(code, message, Map.of(), requestId));
        } catch (JsonProcessingException e) {
            body = "{\"error\":{\"code\":\"" + code + "\"}}";
        }
        HttpServerResponse response = ctx.response();
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Plystra-Error-Code", code)
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
        String errorCode = response.headers().get("X-Plystra-Error-Code");
        if (errorCode != null) {
            line.put("error_code", errorCode);
        }
        try {
            // An access log line, not a log record: always bare JSON on standard output, whatever LOG_FORMAT says.
            System.out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            LOG.warn("request log line could not be written", e);
        }
    }
}
