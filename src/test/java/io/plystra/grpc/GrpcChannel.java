package io.plystra.grpc;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.runtime.GrpcServer;

/** A plaintext grpc-java channel to the test server's gRPC port (random: quarkus.grpc.server.test-port=0). */
final class GrpcChannel {

    private static ManagedChannel channel;

    private GrpcChannel() {
    }

    /** The channel, opened once per test JVM on the port the running server listens on. */
    static synchronized ManagedChannel to(GrpcServer server) {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext().build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> channel.shutdownNow()));
        }
        return channel;
    }

    /** The stub with these call metadata, and a deadline so a hung call fails the test instead of the build. */
    static <S extends AbstractStub<S>> S with(S stub, Map<String, String> metadata) {
        Metadata headers = new Metadata();
        metadata.forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
