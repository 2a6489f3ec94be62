package io.plystra.authz.engine;

/** Request metadata recorded in the trace. */
public record RequestMeta(String requestId, String ip, String userAgent) {
}
