package io.plystra.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.ErrorMapper;
import io.plystra.kernel.RequestIds;

/**
 * The one table from the error catalogue to gRPC: each {@link ApiException}'s HTTP status becomes a
 * gRPC status code, with {@code <ERROR_CODE>: <message>} as its description and the code and request
 * id in the trailers. Failures that are no {@code ApiException} are classified as REST classifies
 * them ({@link ErrorMapper#classify}: database unreachable is 503, anything unknown 500).
 */
final class GrpcErrors {

    static final Metadata.Key<String> ERROR_CODE = Metadata.Key.of(ApiResponse.ERROR_CODE_HEADER, Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of(RequestIds.HEADER, Metadata.ASCII_STRING_MARSHALLER);

    private GrpcErrors() {
    }

    /** The gRPC status code of an HTTP status of the error catalogue. */
    static Status.Code code(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 409 -> Status.Code.ALREADY_EXISTS;
            case 413, 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 503 -> Status.Code.UNAVAILABLE;
            default -> Status.Code.INTERNAL;
        };
    }

    /** The status a failed call answers. */
    static StatusRuntimeException of(Throwable failure, String requestId) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        ApiException e = ErrorMapper.classify(failure, requestId);
        Metadata trailers = new Metadata();
        trailers.put(ERROR_CODE, e.code());
        trailers.put(REQUEST_ID, requestId);
        // A revision not committed in time is no existing row (409's ALREADY_EXISTS): a sequencer check that failed.
        Status.Code code = e.kind() == ErrorCode.CONSISTENCY_NOT_REACHED ? Status.Code.ABORTED : code(e.status());
        return code.toStatus().withDescription(e.code() + ": " + e.getMessage()).asRuntimeException(trailers);
    }
}
