package io.plystra.access.role;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.plystra.kernel.Status;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A named bundle of permissions; members get it through member-roles. A {@code space} role lives in one
 * space and is bound there; a {@code global} role has no space, is managed by a super admin and is
 * bindable in every space; an {@code organization} role lives in one organization, is managed by its admins and is
 * bindable in the spaces of that organization and of those below it (docs/roles.md). {@code version}
 * counts the changes of the role and of its permission set ({@link RoleVersion}).
 */
@Entity
@Table(name = "roles")
public class Role extends PanacheEntityBase {

    public static final String SPACE = "space";
    public static final String ORGANIZATION = "organization";
    public static final String GLOBAL = "global";

    @Id
    public String id;
    @Column(name = "space_id")
    public String spaceId;
    public String level;
    @Column(name = "organization_id")
    public String organizationId;
    public String key;
    public String name;
    public String description;
    public Status status;
    public int version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean global() {
        return GLOBAL.equals(level);
    }

    public boolean organizational() {
        return ORGANIZATION.equals(level);
    }

    /**
     * Whether a binding of {@code spaceId} may name this role: a role of that space, a global one, or one of an
     * organization in {@code chain} (the space's organization and its ancestors).
     */
    public boolean bindableIn(String spaceId, java.util.List<String> chain) {
        return global() || (SPACE.equals(level) && spaceId != null && spaceId.equals(this.spaceId))
                || (organizational() && chain.contains(organizationId));
    }
}
