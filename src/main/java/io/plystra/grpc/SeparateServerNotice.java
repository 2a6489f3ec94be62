package io.plystra.grpc;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the one WARN Quarkus writes at every start when the gRPC server has a port of its own
 * ("Using legacy gRPC support with a separate HTTP server instance..."). The separate server is
 * Plystra's choice (PLYSTRA_GRPC_PORT, docs/grpc.md): a warning an operator can do nothing about
 * would only teach them to ignore warnings. Every other record passes.
 */
@LoggingFilter(name = SeparateServerNotice.NAME)
public final class SeparateServerNotice implements Filter {

    static final String NAME = "plystra-grpc-separate-server-notice";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !("io.quarkus.grpc.runtime.GrpcServerRecorder".equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().startsWith("Using legacy gRPC support with a separate HTTP server instance"));
    }
}
