package io.plystra.access.role;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.RequestContext;
import io.smallrye.mutiny.Uni;

/**
 * The versions of a role, for every write that changes the role or its permission set (here and in
 * access/rolepermission). A change runs, in its transaction: {@link #lock} (the role row, so that the
 * changes of one role are numbered one at a time), the access check, {@link #keep} (the version the
 * change starts from, in case no row holds it), the change itself, then {@link #bump}.
 */
@ApplicationScoped
public class RoleHistory {

    @Inject
    RoleRepository roles;
    @Inject
    RoleVersionRepository versions;
    @Inject
    RequestContext request;

    /** The role, locked until the transaction ends; null when there is none. */
    public Uni<Role> lock(String roleId) {
        return roles.forChange(roleId);
    }

    /** Keeps the version the role is at before it changes; call it before the change touches the role or its permissions. */
    public Uni<Void> keep(Role role) {
        return versions.keep(role.id);
    }

    /**
     * The next version of the role: bumps {@code version} and {@code updated_at} at once (so that a view
     * made after this call shows them), and returns the write that flushes the change and records the
     * version, to run after the change itself.
     *
     * @param restoredVersion the version a rollback restores, 0 for other changes
     */
    public Uni<Void> bump(Role role, String reason, int restoredVersion) {
        role.version = role.version + 1;
        role.updatedAt = request.now();
        String by = request.caller().userId();
        return Uni.createFrom().deferred(() -> roles.flush()
                .chain(() -> versions.record(role.id, reason, restoredVersion, role.updatedAt, by)));
    }

    /** The first version of a role just created: call it once the role is persisted. */
    Uni<Void> first(Role role) {
        return versions.record(role.id, "created", 0, role.createdAt, request.caller().userId());
    }
}
