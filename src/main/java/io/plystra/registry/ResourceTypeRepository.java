package io.plystra.registry;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceTypeRepository implements PanacheRepositoryBase<ResourceType, String> {

    /** The type registered under this key, or null. */
    public Uni<ResourceType> byKey(String key) {
        return find("key", key).firstResult();
    }
}
