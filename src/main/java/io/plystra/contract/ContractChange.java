package io.plystra.contract;

import java.util.Map;

/**
 * One change an apply makes (or a diff says it would): what ({@code kind}: resource_type, resource_action,
 * column_catalogue, column_group, permission, role, gateway_route, gateway_default), which ({@code key}),
 * how ({@code verb}: create, update, restore, remove) and, for an update, the fields before and after.
 */
public record ContractChange(String kind, String key, String verb, Map<String, Object> detail) {
}
