package io.plystra.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON text of a value that both the audit writer and {@code plystractl audit verify}
 * produce: object keys sorted, no whitespace, numbers in plain decimal notation. PostgreSQL's jsonb
 * keeps neither key order nor spacing, so what is hashed is never the stored text itself but this
 * form, which re-reading the stored jsonb gives back unchanged.
 */
public final class CanonicalJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private CanonicalJson() {
    }

    /** The canonical text of {@code value}, converted to a tree by {@code mapper} (its naming and modules). */
    public static String of(ObjectMapper mapper, Object value) {
        return write(mapper.valueToTree(value));
    }

    /** The canonical text of a JSON document (as read back from a jsonb column). */
    public static String of(String json) {
        try {
            return write(READER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                names.sort(null);
                g.writeStartObject();
                for (String name : names) {
                    g.writeFieldName(name);
                    write(g, node.get(name));
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case NUMBER -> g.writeNumber(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                    : node.decimalValue().stripTrailingZeros().toPlainString());
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> g.writeString(node.asText()); // binary and POJO nodes do not occur in traces
        }
    }
}
