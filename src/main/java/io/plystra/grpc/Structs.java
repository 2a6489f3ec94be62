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
