package io.plystra.registry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceTypeRepository implements PanacheRepositoryBase<ResourceType, String> {

    /** The type registered under this key, or null. */
    public Uni<ResourceType> byKey(String key) {
        return find("key", key).firstResult();
    }

    /** Up to {@code limit + 1} types after the cursor, oldest first, optionally of one status. */
    public Uni<List<ResourceType>> page(PageRequest page, String status) {
        return KeysetQuery.after(page).status(status, Status.DISABLEABLE).list(this);
    }
}
