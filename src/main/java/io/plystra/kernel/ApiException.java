package io.plystra.kernel;

import java.util.Map;

/** Every expected failure of a request: mapped one-to-one to the error envelope by {@link ErrorMapper}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;

    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details == null ? Map.of() : details;
    }

    public static ApiException validation(String field, String problem) {
        return validation(Map.of(field, problem));
    }

    public static ApiException validation(Map<String, String> fields) {
        String first = fields.keySet().iterator().next();
        return new ApiException(400, "VALIDATION_FAILED", "invalid field " + first + ": " + fields.get(first),
                Map.of("fields", fields));
    }

    public static ApiException authenticationRequired() {
        return new ApiException(401, "AUTHENTICATION_REQUIRED", "a valid bearer token is required", null);
    }

    public static ApiException adminPermissionRequired(String permission) {
        return new ApiException(403, "ADMIN_PERMISSION_REQUIRED", "this route needs the admin permission " + permission,
                Map.of("permission", permission));
    }

    public static ApiException notFound(String entity, String id) {
        return new ApiException(404, entity.toUpperCase() + "_NOT_FOUND", entity.toLowerCase() + " " + id + " does not exist",
                Map.of("id", id));
    }

    public static ApiException unavailable(String code, String message) {
        return new ApiException(503, code, message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
