package io.plystra.kernel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.RoutingContext;

/**
 * The request-wide refusal of control characters ({@link ControlCharacters}), oversized strings and
 * numbers out of range, before any value reaches a service, a cache or PostgreSQL:
 * <ul>
 * <li>every string and key of a JSON body, at any depth and whatever type the body is read into:
 * 400 {@code VALIDATION_FAILED} naming the field (also for a string over {@link #MAX_TEXT} characters
 * and a number no double holds, a name or id over {@link #MAX_NAME} and metadata over
 * {@link #MAX_METADATA_BYTES} bytes);</li>
 * <li>query values: 400 naming the parameter;</li>
 * <li>path parameters, which are ids: 404 {@code <ENTITY>_NOT_FOUND}, as for any id that names no row.</li>
 * </ul>
 * Runs after authentication, so a caller without a valid token still gets 401.
 */
@Provider
public class RequestText implements ReaderInterceptor {

    /** The literal path segment before an id, and the entity the id names. */
    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("spaces", "space"), Map.entry("users", "user"), Map.entry("groups", "group"),
            Map.entry("members", "member"), Map.entry("user-members", "user_member"), Map.entry("roles", "role"),
            Map.entry("member-roles", "member_role"), Map.entry("permissions", "permission"),
            Map.entry("role-permissions", "role_permission"), Map.entry("resources", "resource"),
            Map.entry("resource-types", "resource_type"), Map.entry("api-keys", "api_key"),
            Map.entry("grants", "admin_grant"), Map.entry("logs", "audit_log"), Map.entry("versions", "role_version"),
            Map.entry("services", "service"), Map.entry("keys", "service_key"));

    /** The longest string any body may hold (descriptions, reasons, group paths, metadata values). */
    static final int MAX_TEXT = 1024;
    /** The longest name, id, key or email: fields named {@code id}, {@code name}, {@code email}, {@code action}, or ending in {@code _id}, {@code _name}, {@code _key}, {@code _type}. */
    static final int MAX_NAME = 256;
    /** The largest {@code metadata} object, in bytes of its JSON text. */
    static final int MAX_METADATA_BYTES = 16 * 1024;
    static final int MAX_NUMBER_DIGITS = 64;

    private final JsonFactory json;

    public RequestText(ObjectMapper mapper) {
        this.json = mapper.getFactory();
    }

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void checkParameters(UriInfo uri, RoutingContext ctx) {
        uri.getPathParameters().forEach((name, values) -> {
            for (String value : values) {
                if (ControlCharacters.inId(value)) {
                    String entity = entityOf(ctx.request().path(), value);
                    throw entity != null ? ApiException.notFound(entity, value)
                            : new ApiException(ErrorCode.NOT_FOUND, "no such route");
                }
            }
        });
        uri.getQueryParameters().forEach((name, values) -> {
            for (String value : values) {
                if (ControlCharacters.inText(value)) {
                    throw ApiException.validation(name, ControlCharacters.PROBLEM);
                }
            }
        });
    }

    /**
     * The entity an id in the path names: that of the nearest known collection segment before it
     * ({@code /spaces/{sid}/groups/{id}}: group for the id, space for the sid); null if none.
     */
    static String entityOf(String rawPath, String id) {
        String[] segments = rawPath.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            if (id.equals(decode(segments[i]))) {
                for (int j = i - 1; j >= 0; j--) {
                    String entity = ENTITIES.get(segments[j]);
                    if (entity != null) {
                        return entity;
                    }
                }
            }
        }
        return null;
    }

    /** A raw path segment, percent-decoded once as UTF-8 ('+' stays itself); the raw text if it is no valid encoding. */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        for (byte b : body) {
            // Never in UTF-8 JSON (control characters are escaped), always in UTF-16 or UTF-32 JSON.
            if (b == 0) {
                throw ApiException.validation("body", "must be JSON in UTF-8");
            }
        }
        check(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /**
     * 400 naming the first string or key of {@code body} with a control character, the first string
     * longer than {@link #MAX_TEXT} characters (a name or id: {@link #MAX_NAME}), a {@code metadata}
     * object over {@link #MAX_METADATA_BYTES}, or the first number no double can hold
     * ({@code 1e1000000}). Malformed JSON is left to the reader.
     */
    void check(byte[] body) throws IOException {
        try (JsonParser parser = json.createParser(body)) {
            int depth = 0;
            int metadataDepth = -1;
            long metadataStart = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && ControlCharacters.inText(parser.currentName())) {
                    // Not echoed as the field name: the name of the object that holds the key.
                    throw ApiException.validation(path(parser.getParsingContext().getParent()), ControlCharacters.PROBLEM);
                }
                if (token == JsonToken.VALUE_STRING && ControlCharacters.inText(parser.getText())) {
                    throw ApiException.validation(path(parser.getParsingContext()), ControlCharacters.PROBLEM);
                }
                if (token == JsonToken.VALUE_STRING) {
                    int max = isName(parser.getParsingContext().getCurrentName()) ? MAX_NAME : MAX_TEXT;
                    if (parser.getTextLength() > max) {
                        throw ApiException.validation(path(parser.getParsingContext()), "must be at most " + max + " characters");
                    }
                }
                if (token.isStructStart()) {
                    depth++;
                    if (metadataDepth < 0 && token == JsonToken.START_OBJECT
                            && "metadata".equals(parser.getParsingContext().getParent().getCurrentName())) {
                        metadataDepth = depth;
                        metadataStart = parser.currentTokenLocation().getByteOffset();
                    }
                } else if (token.isStructEnd()) {
                    if (depth == metadataDepth) {
                        if (parser.currentLocation().getByteOffset() - metadataStart > MAX_METADATA_BYTES) {
                            throw ApiException.validation(path(parser.getParsingContext()), "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
                        }
                        metadataDepth = -1;
                    }
                    depth--;
                }
                if ((token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT)
                        && (parser.getTextLength() > MAX_NUMBER_DIGITS || !Double.isFinite(parser.getDoubleValue()))) {
                    throw ApiException.validation(path(parser.getParsingContext()), "is a number out of range");
                }
            }
        } catch (JsonProcessingException e) {
            // Not JSON, or past the parser's limits: the body reader answers with the usual 400.
        }
    }

    private static boolean isName(String field) {
        return field != null && (field.equals("id") || field.equals("name") || field.equals("email") || field.equals("action")
                || field.endsWith("_id") || field.endsWith("_name") || field.endsWith("_key") || field.endsWith("_type"));
    }

    /** {@code actor.user_id}, {@code permission_keys[0]}; {@code body} for the top level (as ErrorMapper names fields). */
    private static String path(JsonStreamContext context) {
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (out.length() > 0 && !part.startsWith("[")) {
                out.append('.');
            }
            out.append(part);
        }
        return out.length() == 0 ? "body" : out.toString();
    }
}
