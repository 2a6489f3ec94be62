package io.plystra.kernel;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The envelope: {@code {data, request_id}} on success, {@code {error, request_id}} on failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(T data, Pagination pagination, ErrorBody error, String requestId) {

    /** Every error answer carries its code in this header too. */
    public static final String ERROR_CODE_HEADER = "X-Plystra-Error-Code";

    public static <T> ApiResponse<T> of(T data, String requestId) {
        return new ApiResponse<>(data, null, null, requestId);
    }

    public static <T> ApiResponse<java.util.List<T>> page(Page<T> page, String requestId) {
        return new ApiResponse<>(page.items(), page.pagination(), null, requestId);
    }

    public static ApiResponse<Void> error(String code, String message, Map<String, Object> details, String requestId) {
        return new ApiResponse<>(null, null, new ErrorBody(code, message, details), requestId);
    }

    /** {@code next_cursor} is null on the last page; it is always written so clients can test it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Pagination(int limit, String nextCursor, boolean hasMore) {
    }

    public record ErrorBody(String code, String message, Map<String, Object> details) {
    }
}
