package io.plystra.registry.column;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ColumnGroupRepository implements PanacheRepositoryBase<ColumnGroup, String> {

    /** The type's group with this key, or null. */
    public Uni<ColumnGroup> byKey(String resourceTypeId, String key) {
        return find("resourceTypeId = ?1 and key = ?2", resourceTypeId, key).firstResult();
    }

    /** Every group of the type, by key. */
    public Uni<List<ColumnGroup>> ofType(String resourceTypeId) {
        return find("resourceTypeId = ?1 order by key", resourceTypeId).list();
    }

    /** Up to {@code limit + 1} groups of the type after the cursor, oldest first. */
    public Uni<List<ColumnGroup>> page(String resourceTypeId, PageRequest page) {
        return KeysetQuery.after(page).eq("resourceTypeId", resourceTypeId).list(this);
    }
}
