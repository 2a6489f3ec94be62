package io.plystra.access.role;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import io.plystra.identity.organization.OrganizationRepository;
import io.plystra.kernel.KeysetQuery;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class RoleRepository implements PanacheRepositoryBase<Role, String> {

    @Inject
    OrganizationRepository organizations;

    /** The role with this id if a binding of {@code spaceId} may name it ({@link Role#bindableIn}), else null. */
    public Uni<Role> bindableIn(String spaceId, String id) {
        return findById(id).flatMap(role -> {
            if (role == null) {
                return Uni.createFrom().nullItem();
            }
            Uni<List<String>> chain = role.organizational() ? organizations.chainOfSpace(spaceId) : Uni.createFrom().item(List.of());
            return chain.map(organizationChain -> role.bindableIn(spaceId, organizationChain) ? role : null);
        });
    }

    /** The role with this id in this space, or null. */
    public Uni<Role> inSpace(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).firstResult();
    }

    /** As {@link #inSpace}, the row locked until the transaction ends: changes of one role (and its versions) go one at a time. */
    public Uni<Role> inSpaceForChange(String spaceId, String id) {
        return find("id = ?1 and spaceId = ?2", id, spaceId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The role with this id, whatever its level, locked until the transaction ends; null when none. */
    public Uni<Role> forChange(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Up to {@code limit + 1} roles of the space after the cursor, oldest first; a bad status filter is 400 at once. */
    public Uni<List<Role>> page(String spaceId, PageRequest page, String status) {
        return KeysetQuery.after(page).eq("spaceId", spaceId).status(status, Status.DISABLEABLE).list(this);
    }

    /**
     * Up to {@code limit + 1} global roles (or, {@code organizationId} given, that organization's roles) after the
     * cursor, oldest first; a bad status filter is 400 at once.
     */
    public Uni<List<Role>> levelPage(PageRequest page, String organizationId, String status) {
        return KeysetQuery.after(page).eq("level", organizationId == null ? Role.GLOBAL : Role.ORGANIZATION)
                .eq("organizationId", organizationId).status(status, Status.DISABLEABLE).list(this);
    }

    /** The role of the space with this key, or null. */
    public Uni<Role> inSpaceByKey(String spaceId, String key) {
        return find("spaceId = ?1 and key = ?2", spaceId, key).firstResult();
    }
}
