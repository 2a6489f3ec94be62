package io.plystra.registry;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceActionRepository implements PanacheRepositoryBase<ResourceAction, String> {

    /** The action registered under this key for the type, or null. */
    public Uni<ResourceAction> byKey(String resourceTypeId, String key) {
        return find("resourceTypeId = ?1 and key = ?2", resourceTypeId, key).firstResult();
    }
}
