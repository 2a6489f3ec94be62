package io.plystra.attribute;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** {@code POST /spaces/{sid}/attributes/bulk-set}: up to 1,000 sets, applied all or none. */
public record BulkSet(List<Item> items) {

    public record Item(String kind, String subject, String key, @JsonDeserialize(using = ExactJson.class) JsonNode value,
                       String type, String expiresAt) {
    }
}
