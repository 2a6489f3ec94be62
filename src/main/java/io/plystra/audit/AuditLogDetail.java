package io.plystra.audit;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

/** One audit row with its trace, as stored (JSON). */
public record AuditLogDetail(@JsonUnwrapped AuditLogView log, JsonNode trace) {
}
