package io.plystra.grpc;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestIds;
import io.plystra.kernel.RequestInfo;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Keeps each call's metadata and peer address where its service method reads them (the gRPC
 * context of the call), and settles the call's {@link RequestInfo} as {@code kernel/RequestLog}
 * does for HTTP: the inbound request id when sane, otherwise a fresh one; the peer's address (a gRPC
 * caller is a gateway or a service, never behind a forwarding proxy that would rewrite it); the
 * {@code user-agent} metadata.
 * <p>
 * Read the values at the start of a service method, on the call's thread: the gRPC context is
 * attached there, not in later continuations.
 */
@GlobalInterceptor
@ApplicationScoped
public class CallMetadata implements ServerInterceptor {

    private static final Context.Key<Metadata> HEADERS = Context.key("plystra.grpc.metadata");
    private static final Context.Key<SocketAddress> PEER = Context.key("plystra.grpc.peer");

    private final Metadata.Key<String> requestIdKey;

    public CallMetadata(PlystraConfig config) {
        this.requestIdKey = key(config.requestIdHeader());
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        Context context = Context.current().withValues(HEADERS, headers, PEER, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** The current call's metadata value of {@code name} (the last one sent), or null. */
    String get(String name) {
        Metadata headers = HEADERS.get();
        return headers == null ? null : headers.get(key(name));
    }

    /** The current call's id, client address and user agent, as the audit log stores them. */
    RequestInfo info() {
        Metadata headers = HEADERS.get();
        String requestId = RequestIds.settle(headers == null ? null : headers.get(requestIdKey));
        SocketAddress peer = PEER.get();
        String ip = peer instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress() : null;
        return new RequestInfo(requestId, ip, get("user-agent"));
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name.toLowerCase(Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER);
    }
}
