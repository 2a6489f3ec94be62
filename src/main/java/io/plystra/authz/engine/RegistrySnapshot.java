package io.plystra.authz.engine;

/** The trace "resource_registry". A null part means it is not registered. */
public record RegistrySnapshot(ResourceTypeSnapshot resourceType, ActionSnapshot action) {
}
