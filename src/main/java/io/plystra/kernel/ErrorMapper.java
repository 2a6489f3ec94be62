package io.plystra.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** The one table from exceptions to the error envelope. No exception text reaches a client except our own messages. */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, HttpHeaders headers) {
        return respond(e, headers);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpHeaders headers) {
        String field = fieldPath(e);
        String problem;
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            String moved = movedTo(unknown.getReferringClass(), name);
            field = field.isEmpty() ? name : field;
            problem = moved != null && field.equals(name)
                    ? "flat actor fields are not accepted; send the nested form " + moved
                    : "unknown field";
        } else if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            problem = "has the wrong type or format";
        } else {
            field = field.isEmpty() ? "body" : field;
            problem = "is not valid JSON";
        }
        if (field.isEmpty()) {
            field = "body";
            problem = "must be a JSON object";
        }
        return respond(ApiException.validation(field, problem), headers);
    }

    // Jackson's own subtypes are listed so that these win over the framework's built-in mappers.
    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, HttpHeaders headers) {
        return json(e, headers);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpHeaders headers) {
        return json(e, headers);
    }

    /** The framework's own refusals (404 no route, 405, 406, 415, 413, 400 unreadable body), by status. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpHeaders headers, jakarta.ws.rs.core.UriInfo uri,
                        jakarta.ws.rs.core.Request request) {
        ErrorCode kind = e.getResponse() == null ? ErrorCode.INTERNAL_ERROR : ErrorCode.ofStatus(e.getResponse().getStatus());
        if (kind == ErrorCode.INTERNAL_ERROR) {
            return unexpected(e, headers);
        }
        if (kind == ErrorCode.BAD_REQUEST) {
            return respond(ApiException.validation("body", "must be a JSON object"), headers);
        }
        if (kind == ErrorCode.METHOD_NOT_ALLOWED) {
            String allow = String.join(", ", AllowedMethods.of(uri.getPath()));
            return Response.fromResponse(respond(new ApiException(kind, request.getMethod() + " is not allowed on this route; it answers "
                    + allow), headers)).header(HttpHeaders.ALLOW, allow).build();
        }
        if (kind == ErrorCode.UNSUPPORTED_MEDIA_TYPE) {
            return respond(new ApiException(kind, "this route reads application/json; the request's Content-Type is "
                    + (headers.getMediaType() == null ? "missing" : headers.getMediaType().toString())), headers);
        }
        return respond(new ApiException(kind), headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers) {
        if (bodyTooLarge(e)) {
            long limit = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("quarkus.http.limits.max-body-size", io.quarkus.runtime.configuration.MemorySize.class).asLongValue();
            return respond(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "request body larger than " + limit + " bytes"), headers);
        }
        return respond(classify(e, RequestIds.of(headers)), headers);
    }

    /**
     * The catalogue entry of a failure that is no {@link ApiException} (the database, the framework,
     * a bug), logged as the REST answer logs it: 503 {@code NOT_READY} when the database is
     * unreachable, 409 on a taken unique key, 400 on a value the database cannot store, otherwise
     * 500 {@code INTERNAL_ERROR} without detail. Transports other than REST (the gRPC services) map
     * their failures through here too.
     */
    public static ApiException classify(Throwable e, String requestId) {
        if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ApiException api) {
            return api;
        }
        if (databaseUnavailable(e)) {
            LOG.warnf("database unavailable (request %s): %s", requestId, e.toString());
            return new ApiException(ErrorCode.NOT_READY);
        }
        if (DatabaseErrors.uniqueViolation(e)) {
            return new ApiException(ErrorCode.CONFLICT);
        }
        if (DatabaseErrors.invalidValue(e)) {
            // A safety net: RequestText and Timestamps refuse such values before they reach the database.
            LOG.warnf("value refused by the database (request %s): %s", requestId, e.toString());
            return ApiException.validation("request", "holds a character or time the database cannot store");
        }
        LOG.errorf(e, "unexpected failure (request %s)", requestId);
        return new ApiException(ErrorCode.INTERNAL_ERROR);
    }

    static Response respond(ApiException e, HttpHeaders headers) {
        String requestId = RequestIds.of(headers);
        Response.ResponseBuilder response = Response.status(e.status());
        headers(e).forEach(response::header);
        return response
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiResponse.error(e.code(), e.getMessage(), e.details(), requestId))
                .build();
    }

    /**
     * The headers of an error answer, whatever carries it (REST, or Envoy's denied response): the
     * error code, {@code Retry-After}, {@code WWW-Authenticate} on 401, and on a gateway's deny the
     * decision, deny code, trace and audit row.
     */
    public static Map<String, String> headers(ApiException e) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ApiResponse.ERROR_CODE_HEADER, e.code());
        if (e.details().get(ApiException.RETRY_AFTER) instanceof Number seconds) {
            headers.put("Retry-After", Long.toString(seconds.longValue()));
        }
        if (e.status() == 401) {
            headers.put(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.kind() == ErrorCode.FORBIDDEN) {
            headers.put("X-Plystra-Decision", "deny");
            headers.put("X-Plystra-Deny-Code", String.valueOf(e.details().get("deny_code")));
            headers.put("X-Plystra-Trace-ID", String.valueOf(e.details().get("trace_id")));
            if (e.details().get("audit_log_id") != null) {
                headers.put("X-Plystra-Audit-Log-ID", String.valueOf(e.details().get("audit_log_id")));
            }
        }
        return headers;
    }

    /** A chunked body past quarkus.http.limits.max-body-size, met while a reader reads it. */
    static boolean bodyTooLarge(Throwable e) {
        return e instanceof java.io.IOException && "Request too large".equals(e.getMessage());
    }

    /**
     * Connection refused, reset or lost, or the server shutting down (SQLSTATE classes 08 and 57P).
     * Any other I/O failure that reaches here is a backend connection's (the client's own socket
     * failing leaves no one to answer), so it counts as the database being unavailable.
     */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** Where a field the body type declares {@link MovedFields moved} now goes; null if it did not move. */
    private static String movedTo(Class<?> body, String name) {
        MovedFields moved = body == null ? null : body.getAnnotation(MovedFields.class);
        if (moved != null) {
            for (String pair : moved.value()) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    private static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
