package io.plystra.session.grant;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class GrantRepository implements PanacheRepositoryBase<Grant, String> {

    /**
     * The ids of the active super-admin grants of active users, locked until the transaction ends, so
     * that two concurrent revocations cannot both remove "one of two".
     */
    static final String SUPER_ADMINS_SQL = """
            SELECT g.id FROM admin_grants g JOIN users u ON u.id = g.user_id
            WHERE g.level = 'instance_super_admin' AND g.status = 'active' AND u.status = 'active'
            FOR UPDATE OF g""";

    /**
     * Up to {@code limit + 1} grants after the cursor, oldest first; {@code onlySpaces} null means grants of
     * every space, organization and instance-level ones, else only the grants of those spaces and of the
     * organizations {@code onlyOrganizations} (as {@code s:<id>} and {@code o:<id>} in one set: ids of spaces and
     * organizations may be the same text).
     */
    public Uni<List<Grant>> page(PageRequest page, Set<String> onlySpaces, Set<String> onlyOrganizations, String userId,
                                 Status status) {
        return KeysetQuery.after(page)
                .where("concat('s:', spaceId) in :reach or concat('o:', organizationId) in :reach", "reach",
                        reach(onlySpaces, onlyOrganizations))
                .eq("userId", userId)
                .eq("status", status)
                .list(this);
    }

    private static Set<String> reach(Set<String> onlySpaces, Set<String> onlyOrganizations) {
        if (onlySpaces == null) {
            return null;
        }
        Set<String> reach = new java.util.HashSet<>(Set.of(""));
        onlySpaces.forEach(id -> reach.add("s:" + id));
        onlyOrganizations.forEach(id -> reach.add("o:" + id));
        return reach;
    }

    public Uni<List<Grant>> activeOf(String userId) {
        return list("userId = :user and status = :active order by createdAt, id",
                Parameters.with("user", userId).and("active", Status.ACTIVE));
    }

    /** Whether the very same grant is active already. */
    public Uni<Boolean> activeExists(Grant g) {
        Parameters params = Parameters.with("user", g.userId).and("level", g.level).and("key", g.permissionKey)
                .and("active", Status.ACTIVE);
        StringBuilder where = new StringBuilder("userId = :user and level = :level and permissionKey = :key and status = :active");
        if (g.spaceId == null) {
            where.append(" and spaceId is null");
        } else {
            where.append(" and spaceId = :space");
            params.and("space", g.spaceId);
        }
        if (g.groupId == null) {
            where.append(" and groupId is null");
        } else {
            where.append(" and groupId = :group");
            params.and("group", g.groupId);
        }
        if (g.organizationId == null) {
            where.append(" and organizationId is null");
        } else {
            where.append(" and organizationId = :organization");
            params.and("organization", g.organizationId);
        }
        return count(where.toString(), params).map(n -> n > 0);
    }

    public Uni<List<String>> lockActiveSuperAdmins() {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(SUPER_ADMINS_SQL, String.class).getResultList());
    }
}
