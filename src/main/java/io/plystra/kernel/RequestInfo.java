package io.plystra.kernel;

import io.vertx.ext.web.RoutingContext;

/** Who sent this request from where, settled once by {@link RequestLog} and kept on the routing context. */
public record RequestInfo(String requestId, String ip, String userAgent) {

    static final String CONTEXT_KEY = "plystra.request";

    /** A write made outside HTTP (the command line, the start-up tasks): a fresh id, no address, the tool as agent. */
    public static RequestInfo system(String tool) {
        return new RequestInfo(RequestIds.generate(), null, tool);
    }

    public static RequestInfo of(RoutingContext ctx) {
        RequestInfo info = ctx.get(CONTEXT_KEY);
        return info != null ? info : new RequestInfo(RequestIds.generate(), null, null);
    }
}
