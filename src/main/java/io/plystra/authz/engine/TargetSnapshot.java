package io.plystra.authz.engine;

/**
 * The trace "target". {@code resource} is null when the resource was not found; {@code group} is null when the
 * resource has no group or the group row is missing.
 */
public record TargetSnapshot(ResourceSnapshot resource, GroupSnapshot group) {
}
