package io.plystra.grpc;

import java.util.Collection;
import java.util.Map;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

/** JSON-like Java values (maps, lists, strings, numbers, booleans, enums, null) as {@code google.protobuf.Struct}. */
final class Structs {

    private Structs() {
    }

    static Struct of(Map<?, ?> map) {
        Struct.Builder out = Struct.newBuilder();
        map.forEach((k, v) -> out.putFields(String.valueOf(k), value(v)));
        return out.build();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The struct as the JSON object REST would read; null for an absent one. */
    static com.fasterxml.jackson.databind.JsonNode json(boolean present, Struct struct) {
        return present ? PLAIN.valueToTree(plain(struct)) : null;
    }

    /** The struct as plain Java values: maps, lists, strings, booleans, null, and numbers as BigDecimal. */
    static Map<String, Object> plain(Struct struct) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        struct.getFieldsMap().forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    private static Object plain(Value v) {
        return switch (v.getKindCase()) {
            case STRUCT_VALUE -> plain(v.getStructValue());
            case LIST_VALUE -> v.getListValue().getValuesList().stream().map(Structs::plain).toList();
            case BOOL_VALUE -> v.getBoolValue();
            case NUMBER_VALUE -> java.math.BigDecimal.valueOf(v.getNumberValue());
            case STRING_VALUE -> v.getStringValue();
            default -> null;
        };
    }

    static Value value(Object v) {
        if (v == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (v instanceof Map<?, ?> map) {
            return Value.newBuilder().setStructValue(of(map)).build();
        }
        if (v instanceof Collection<?> list) {
            ListValue.Builder out = ListValue.newBuilder();
            list.forEach(item -> out.addValues(value(item)));
            return Value.newBuilder().setListValue(out).build();
        }
        if (v instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (v instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(v)).build();
    }
}
