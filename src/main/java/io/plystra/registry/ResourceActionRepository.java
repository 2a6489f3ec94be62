package io.plystra.registry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ResourceActionRepository implements PanacheRepositoryBase<ResourceAction, String> {

    /** The action registered under this key for the type, or null. */
    public Uni<ResourceAction> byKey(String resourceTypeId, String key) {
        return find("resourceTypeId = ?1 and key = ?2", resourceTypeId, key).firstResult();
    }

    /** Up to {@code limit + 1} actions of the type after the cursor, oldest first; {@code status} null means any. */
    public Uni<List<ResourceAction>> page(String resourceTypeId, PageRequest page, Status status) {
        return KeysetQuery.after(page).eq("resourceTypeId", resourceTypeId).eq("status", status).list(this);
    }

    /** Every action of the type, by key. */
    public Uni<List<ResourceAction>> ofType(String resourceTypeId) {
        return find("resourceTypeId = ?1 order by key", resourceTypeId).list();
    }
}
