package io.plystra.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON as the reactive client reads a jsonb column (JsonObject, JsonArray) or Jackson parses it, turned into plain maps and lists. */
public final class JsonValues {

    private JsonValues() {
    }

    public static Object plain(Object json) {
        if (json instanceof JsonNode node) {
            return plainNode(node);
        }
        if (json instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (json instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(v -> list.add(plain(v)));
            return list;
        }
        if (json instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (json instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        return json;
    }

    /** A Jackson tree as maps, lists, strings, BigDecimal numbers, booleans and nulls. */
    private static Object plainNode(JsonNode json) {
        if (json.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            json.fields().forEachRemaining(e -> map.put(e.getKey(), plainNode(e.getValue())));
            return map;
        }
        if (json.isArray()) {
            List<Object> list = new ArrayList<>();
            json.forEach(v -> list.add(plainNode(v)));
            return list;
        }
        if (json.isNumber()) {
            return json.decimalValue();
        }
        if (json.isBoolean()) {
            return json.booleanValue();
        }
        return json.isNull() ? null : json.asText();
    }
}
