package io.plystra.contract;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.plystra.gateway.RouteBody;
import io.plystra.registry.column.ColumnBody;

/**
 * A space's contract as its document declares it (docs/contracts.md): resource types with their actions,
 * columns and column groups, roles with their permissions ({@code <resource>:<action>:<scope>}), and the
 * gateway's route table. A declared type or role is declared whole: what it leaves out is removed.
 */
public record Contract(List<Type> resourceTypes, List<Role> roles, Gateway gateway) {

    public record Type(String key, String displayName, String description, String storageKind, List<Action> actions,
                       List<ColumnBody> columns, List<Group> columnGroups) {
    }

    public record Action(String key, String displayName, String riskLevel, Boolean auditDefault) {
    }

    public record Group(String key, String description, List<String> columns) {
    }

    public record Role(String key, String name, String description, List<String> permissions) {
    }

    /** The space's whole route table and its default for unmapped requests, as {@code PUT /gateway/routes} takes them. */
    public record Gateway(@JsonProperty("default") String defaultDecision, List<RouteBody> routes) {
    }

    public List<Type> types() {
        return resourceTypes == null ? List.of() : resourceTypes;
    }

    public List<Role> roleList() {
        return roles == null ? List.of() : roles;
    }
}
