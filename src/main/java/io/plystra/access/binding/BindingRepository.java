package io.plystra.access.binding;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What a binding refers to and is checked against when it is written: teams, permissions. */
@ApplicationScoped
public class BindingRepository {

    public Uni<Boolean> teamInSpace(String teamId, String spaceId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT id FROM teams WHERE id = ?1 AND space_id = ?2",
                String.class).setParameter(1, teamId).setParameter(2, spaceId).getResultList()).map(rows -> !rows.isEmpty());
    }

    /** Whether the member is a service's member of this space (a binding's subject of kind {@code service}). */
    public Uni<Boolean> serviceMemberInSpace(String memberId, String spaceId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT id FROM services WHERE member_id = ?1 AND space_id = ?2",
                String.class).setParameter(1, memberId).setParameter(2, spaceId).getResultList()).map(rows -> !rows.isEmpty());
    }

    /**
     * The column groups among {@code groups} that no resource type the binding's grant covers has: the types of the
     * role's active permissions, or of the one permission.
     */
    public Uni<java.util.List<String>> unknownColumnGroups(String roleId, String permissionId, java.util.List<String> groups) {
        String sql = """
                SELECT k FROM unnest(CAST(?3 AS text[])) AS k
                WHERE NOT EXISTS (
                    SELECT 1 FROM permissions p
                    JOIN resource_types rt ON rt.key = p.resource
                    JOIN column_groups g ON g.resource_type_id = rt.id AND g.key = k
                    WHERE p.id = ?2
                       OR p.id IN (SELECT rp.permission_id FROM role_permissions rp WHERE rp.role_id = ?1 AND rp.status = 'active'))
                """;
        return Panache.getSession().flatMap(s -> s.createNativeQuery(sql, String.class).setParameter(1, roleId)
                .setParameter(2, permissionId).setParameter(3, groups.toArray(String[]::new)).getResultList());
    }

    /** The permission's resource type, or null when no such permission exists. */
    public Uni<String> permissionResource(String permissionId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("SELECT resource FROM permissions WHERE id = ?1",
                String.class).setParameter(1, permissionId).getResultList()).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }
}
