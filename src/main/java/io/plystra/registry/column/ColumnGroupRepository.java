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

    /** Up to five active bindings whose conditions name the group and whose grant covers the type: the group is in use. */
    public Uni<List<String>> bindingsUsing(String typeKey, String groupKey) {
        String sql = """
                SELECT DISTINCT mr.id FROM member_roles mr
                LEFT JOIN role_permissions rp ON rp.role_id = mr.role_id AND rp.status = 'active'
                JOIN permissions p ON p.id = COALESCE(rp.permission_id, mr.permission_id)
                WHERE mr.status = 'active' AND p.resource = ?1 AND jsonb_exists(mr.conditions -> 'column_groups', ?2)
                ORDER BY mr.id LIMIT 5
                """;
        return getSession().flatMap(s -> s.createNativeQuery(sql, String.class).setParameter(1, typeKey).setParameter(2, groupKey)
                .getResultList());
    }
}
