package io.plystra.kernel;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A PATCH body: only the fields it names change. Unknown fields and fields that never change
 * (such as a group's {@code path}) are 400 naming the field; a field sent as JSON null clears it
 * where the entity allows that.
 */
public final class JsonPatch {

    private final ObjectNode body;

    private JsonPatch(ObjectNode body) {
        this.body = body;
    }

    public static JsonPatch of(JsonNode body, Set<String> patchable, Set<String> immutable) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (immutable.contains(name)) {
                throw ApiException.validation(name, "cannot be changed");
            }
            if (!patchable.contains(name)) {
                throw ApiException.validation(name, "unknown field");
            }
        }
        return new JsonPatch((ObjectNode) body);
    }

    public boolean has(String field) {
        return body.has(field);
    }

    /** The field as text; 400 when it is not a string, or when it is null and {@code required}. */
    public String text(String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.validation(field, "must not be null");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.validation(field, "must be a string");
        }
        return v.textValue();
    }

    public Boolean bool(String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiException.validation(field, "must be true or false");
        }
        if (!v.isBoolean()) {
            throw ApiException.validation(field, "must be true or false");
        }
        return v.booleanValue();
    }

    /** RFC 3339 timestamp (years 0001 to 9999, see {@link Timestamps}) or null. */
    public Instant instant(String field) {
        return Timestamps.parse(text(field, false), field);
    }

    public JsonNode node(String field) {
        return body.get(field);
    }

    public Map<String, JsonNode> fields() {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        body.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
