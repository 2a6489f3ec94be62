package io.plystra.kernel;

import io.vertx.ext.web.RoutingContext;

/** Who sent this request from where, settled once by {@link RequestLog} and kept on the routing context. */
public record RequestInfo(String requestId, String ip, String userAgent) {

    static final String CONTEXT_KEY = "plystra.request";

    public static RequestInfo of(RoutingContext ctx) {
        RequestInfo info = ctx.get(CONTEXT_KEY);
        return info != null ? info : new RequestInfo(RequestIds.generate(), null, null);
    }
}
