package io.plystra.platform;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The envelope: {@code {data, request_id}} on success, {@code {error, request_id}} on failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(T data, ErrorBody error, String requestId) {

    public static <T> ApiResponse<T> of(T data, String requestId) {
        return new ApiResponse<>(data, null, requestId);
    }

    public static ApiResponse<Void> error(String code, String message, Map<String, Object> details, String requestId) {
        return new ApiResponse<>(null, new ErrorBody(code, message, details), requestId);
    }

    public record ErrorBody(String code, String message, Map<String, Object> details) {
    }
}
