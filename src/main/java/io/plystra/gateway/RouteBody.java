package io.plystra.gateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One route as a routes file and the admin API write it. */
public record RouteBody(String name, String host, List<String> methods, String path, String resourceType,
                        String resourceId, String action, @JsonProperty("public") Boolean isPublic) {
}
