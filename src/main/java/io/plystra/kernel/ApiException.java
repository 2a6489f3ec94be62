package io.plystra.kernel;

import java.util.Map;

/**
 * Every expected failure of a request: one {@link ErrorCode} of the catalogue, a message and details,
 * mapped one-to-one to the error envelope by {@link ErrorMapper}.
 */
public class ApiException extends RuntimeException {

    /** The detail that says when to retry; the error answer repeats it as a {@code Retry-After} header. */
    public static final String RETRY_AFTER = "retry_after_seconds";

    private final ErrorCode kind;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(ErrorCode kind, String message, Map<String, Object> details) {
        this(kind, null, message, details);
    }

    public ApiException(ErrorCode kind, String message) {
        this(kind, null, message, null);
    }

    public ApiException(ErrorCode kind) {
        this(kind, null, kind.message(), null);
    }

    private ApiException(ErrorCode kind, String entity, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = kind.code(entity);
        this.details = details == null ? Map.of() : details;
    }

    public static ApiException validation(String field, String problem) {
        return validation(Map.of(field, problem));
    }

    public static ApiException validation(Map<String, String> fields) {
        String first = fields.keySet().iterator().next();
        return new ApiException(ErrorCode.VALIDATION_FAILED, "invalid field " + first + ": " + fields.get(first),
                Map.of("fields", fields));
    }

    public static ApiException authenticationRequired() {
        return new ApiException(ErrorCode.AUTHENTICATION_REQUIRED);
    }

    public static ApiException adminPermissionRequired(String permission) {
        return new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED, "this route needs the admin permission " + permission,
                Map.of("permission", permission));
    }

    /**
     * 403 {@code FORBIDDEN}: a gateway's request that the decision denies. The answer repeats the
     * deny code, trace id and audit row id as {@code X-Plystra-*} headers a gateway can copy.
     */
    public static ApiException denied(String denyCode, String reason, String traceId, String auditLogId) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("deny_code", denyCode);
        details.put("trace_id", traceId);
        if (auditLogId != null) {
            details.put("audit_log_id", auditLogId);
        }
        return new ApiException(ErrorCode.FORBIDDEN, reason, details);
    }

    /** 404 {@code <ENTITY>_NOT_FOUND}. */
    public static ApiException notFound(String entity, String id) {
        return new ApiException(ErrorCode.ENTITY_NOT_FOUND, entity, entity.toLowerCase() + " " + id + " does not exist",
                Map.of("id", id));
    }

    /** 409 {@code <ENTITY>_CONFLICT}. */
    public static ApiException conflict(String entity, String message) {
        return new ApiException(ErrorCode.ENTITY_CONFLICT, entity, message, null);
    }

    /** 409 {@code <ENTITY>_CONFLICT} with details that name what is in the way. */
    public static ApiException conflict(String entity, String message, Map<String, Object> details) {
        return new ApiException(ErrorCode.ENTITY_CONFLICT, entity, message, details);
    }

    public ErrorCode kind() {
        return kind;
    }

    public int status() {
        return kind.status();
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
