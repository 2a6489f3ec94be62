package io.plystra.authz;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/** The body of check-columns: a check's body ({@link AuthzRequest}) and the columns asked about. */
@JsonIgnoreProperties(value = {"request_id", "ip", "user_agent"})
public record ColumnsRequest(AuthzRequest.Actor actor, String resourceType, String resourceId, String action, List<String> columns,
                             AuthzRequest.Consistency consistency, JsonNode context, JsonNode resourceAttributes) {

    /** The row-level check the columns are decided under. */
    AuthzRequest check() {
        return new AuthzRequest(actor, resourceType, resourceId, action, consistency, context, resourceAttributes);
    }
}
