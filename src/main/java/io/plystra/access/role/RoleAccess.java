package io.plystra.access.role;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.RequestContext;

/**
 * Who may read and change a role addressed by id, by its level; the route's permission (from
 * {@link RequestContext}) is the one checked. A space role needs it in the role's space, an organization role for
 * its organization (instance-wide, or through an organization grant of it or an ancestor); else the role is 404, as
 * if unknown. A global role is read with it held anywhere (the gate, like the permission catalogue: every space may
 * bind it) and changed only by a super admin holding it.
 */
@ApplicationScoped
public class RoleAccess {

    static final String CHANGE_PERMISSIONS = "permissions:manage";

    @Inject
    RequestContext request;

    public void requireReadable(Role role) {
        if (!role.global()) {
            requireVisible(role);
        }
    }

    public void requireManageable(Role role) {
        if (role.global()) {
            requireSuperAdmin();
        } else {
            requireVisible(role);
        }
    }

    /** 403 unless the route's permission holds where the role lives: its space, its organization, or a super admin's for a global role. */
    public void requireWhereItLives(Role role) {
        if (role.global()) {
            requireSuperAdmin();
        } else if (role.organizational()) {
            request.requireForOrganization(role.organizationId);
        } else {
            request.requireIn(role.spaceId);
        }
    }

    private void requireVisible(Role role) {
        if (role.organizational()) {
            request.requireVisibleInOrganization(role.organizationId, "role", role.id);
        } else {
            request.requireVisibleIn(role.spaceId, "role", role.id);
        }
    }

    /** 403 unless an instance super admin's grant carries the route's permission. */
    public void requireSuperAdmin() {
        requireSuperAdmin(request.permission());
    }

    /**
     * For a write that changes a role's permission set under another route's permission (a rollback
     * under {@code roles:manage}): 403 unless the caller also holds {@code permissions:manage} where the
     * role-permission routes would ask for it (the role's space or organization; a super admin's grant for a global role).
     */
    public void requireToChangePermissions(Role role) {
        if (role.global()) {
            requireSuperAdmin(CHANGE_PERMISSIONS);
        } else if (role.organizational()) {
            request.caller().requireForOrganization(CHANGE_PERMISSIONS, role.organizationId);
        } else {
            request.caller().require(CHANGE_PERMISSIONS, role.spaceId);
        }
    }

    private void requireSuperAdmin(String permission) {
        if (!request.caller().holdsAtLevel(permission, null, AdminGrant.SUPER_ADMIN)) {
            throw new ApiException(ErrorCode.ADMIN_PERMISSION_REQUIRED, "only a super admin manages global roles",
                    Map.of("permission", permission, "level", AdminGrant.SUPER_ADMIN));
        }
    }
}
