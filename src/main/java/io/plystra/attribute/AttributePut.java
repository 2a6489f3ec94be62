package io.plystra.attribute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/** {@code PUT .../attributes/{kind}/{subject}/{key}}: {@code expires_at} is RFC 3339 text, parsed by the service. */
public record AttributePut(@JsonDeserialize(using = ExactJson.class) JsonNode value, String type, String expiresAt) {
}
