package io.plystra.contract;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Contract versions, and what a contract's apply must not take away: the bindings and resources still using a row. */
@ApplicationScoped
public class ContractRepository implements PanacheRepositoryBase<ContractVersion, ContractVersion.Key> {

    static final int USES_SHOWN = 5;
    static final String LOCK_SPACE_SQL = "SELECT id FROM spaces WHERE id = ?1 FOR UPDATE";
    static final String ROLE_BINDINGS_SQL = "SELECT id FROM member_roles WHERE role_id = ?1 AND status = 'active' ORDER BY id LIMIT "
            + USES_SHOWN;
    /** Active bindings granting a permission of the type (and action, unless ?2 is empty): directly or through their role. */
    static final String PERMISSION_BINDINGS_SQL = """
            SELECT DISTINCT mr.id FROM member_roles mr
            LEFT JOIN role_permissions rp ON rp.role_id = mr.role_id AND rp.status = 'active'
            JOIN permissions p ON p.id = COALESCE(rp.permission_id, mr.permission_id)
            WHERE mr.status = 'active' AND p.resource = ?1 AND (?2 = '' OR p.action = ?2)
            ORDER BY mr.id LIMIT %d""".formatted(USES_SHOWN);
    static final String RESOURCES_SQL = "SELECT space_id || '/' || id FROM resources WHERE resource_type = ?1 AND status = 'active' "
            + "ORDER BY space_id, id LIMIT " + USES_SHOWN;

    /** Locks the space's row until the transaction ends (one apply per space at a time); 404 when there is no such space. */
    public Uni<Void> lockSpace(String spaceId) {
        return getSession().flatMap(s -> s.createNativeQuery(LOCK_SPACE_SQL, String.class).setParameter(1, spaceId).getResultList())
                .invoke(found -> {
                    if (found.isEmpty()) {
                        throw ApiException.notFound("space", spaceId);
                    }
                }).replaceWithVoid();
    }

    /** The space's newest version, or null. */
    public Uni<ContractVersion> latest(String spaceId) {
        return find("spaceId = ?1 order by version desc", spaceId).firstResult();
    }

    /** Version {@code version} of the space's contract, or null. */
    public Uni<ContractVersion> of(String spaceId, int version) {
        return find("spaceId = ?1 and version = ?2", spaceId, version).firstResult();
    }

    /** Up to {@code limit + 1} versions after the cursor, newest first (the cursor carries the version). */
    public Uni<List<ContractVersion>> page(String spaceId, PageRequest page) {
        return find("spaceId = ?1 and version < ?2 order by version desc", spaceId, page.versionBefore()).range(0, page.limit()).list();
    }

    /** Up to five active bindings (member-roles) of the role. */
    public Uni<List<String>> bindingsOfRole(String roleId) {
        return ids(ROLE_BINDINGS_SQL, roleId, null);
    }

    /** Up to five active bindings granting a permission on {@code type} ({@code action} of it, when not null). */
    public Uni<List<String>> bindingsUsing(String type, String action) {
        return ids(PERMISSION_BINDINGS_SQL, type, action == null ? "" : action);
    }

    /** Up to five active resources of the type, as {@code <space>/<id>}. */
    public Uni<List<String>> resourcesOf(String type) {
        return ids(RESOURCES_SQL, type, null);
    }

    private Uni<List<String>> ids(String sql, String first, String second) {
        return getSession().flatMap(s -> {
            var query = s.createNativeQuery(sql, String.class).setParameter(1, first);
            return (second == null ? query : query.setParameter(2, second)).getResultList();
        });
    }
}
