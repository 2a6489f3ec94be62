package io.plystra.kernel;

/**
 * The error catalogue: every 4xx and 5xx answer of Plystra is one of these, with its status and
 * default message. The {@code ENTITY_*} kinds are written with the entity's name in the code
 * ({@code SPACE_NOT_FOUND}, {@code ROLE_CONFLICT}). No status code is written anywhere else.
 */
public enum ErrorCode {

    VALIDATION_FAILED(400, "the request is invalid"),
    BAD_REQUEST(400, "the request cannot be processed"),
    AUTHENTICATION_REQUIRED(401, "a valid bearer token is required"),
    SESSION_EXPIRED(401, "the session has expired or was revoked; log in again"),
    ADMIN_PERMISSION_REQUIRED(403, "this route needs an admin permission"),
    ACTIVE_MEMBER_REQUIRED(403, "this binding is not active for this user"),
    ACTOR_USER_INACTIVE(403, "this user is disabled"),
    /** A gateway's request the decision denies ({@code details.deny_code} says why). */
    FORBIDDEN(403, "the decision is deny"),
    NOT_FOUND(404, "no such route"),
    /** Written {@code <ENTITY>_NOT_FOUND}. */
    ENTITY_NOT_FOUND(404, "no such row"),
    FEATURE_DISABLED(404, "this feature is disabled"),
    METHOD_NOT_ALLOWED(405, "method not allowed on this route"),
    NOT_ACCEPTABLE(406, "this route answers application/json"),
    CONFLICT(409, "a row with this unique key exists"),
    /** Written {@code <ENTITY>_CONFLICT}. */
    ENTITY_CONFLICT(409, "a row with this id or unique key exists"),
    LAST_SUPER_ADMIN(409, "this is the last active super-admin grant"),
    /** A consistency token of a revision this instance has not seen committed within PLYSTRA_CONSISTENCY_WAIT_MS. */
    CONSISTENCY_NOT_REACHED(409, "the revision of this consistency token is not committed yet; retry"),
    /** An audit row that no Merkle checkpoint covers yet: no inclusion proof until the next checkpoint. */
    NOT_YET_CHECKPOINTED(409, "no checkpoint covers this audit row yet; retry after the next checkpoint"),
    PAYLOAD_TOO_LARGE(413, "request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "send application/json"),
    RATE_LIMITED(429, "too many requests; try again later"),
    HEADERS_TOO_LARGE(431, "request headers too large"),
    INTERNAL_ERROR(500, "unexpected server error; quote the request id"),
    NOT_READY(503, "the database is unavailable; retry shortly"),
    OVERLOADED(503, "the audit log is not keeping up; retry shortly");

    private final int status;
    private final String message;

    ErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    /** The message when the thrower gives none. */
    public String message() {
        return message;
    }

    /** The code a client reads: the name, or for {@code ENTITY_*} kinds the entity's name in its place. */
    public String code(String entity) {
        return entity == null || !name().startsWith("ENTITY_") ? name() : entity.toUpperCase() + name().substring("ENTITY".length());
    }

    /** The catalogue entry of an HTTP status met outside our code (the HTTP layer, the framework). */
    public static ErrorCode ofStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> AUTHENTICATION_REQUIRED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
