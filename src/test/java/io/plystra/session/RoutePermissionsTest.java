package io.plystra.session;

import io.plystra.kernel.AdminGrant;
import io.plystra.kernel.Caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The route gate without a server: which grant opens which path. */
class RoutePermissionsTest {

    static final Caller SPACE_ADMIN = caller(new AdminGrant("g1", "space_admin", "space_acme", null, null, "*"));
    static final Caller GROUP_ADMIN = caller(new AdminGrant("g2", "group_admin", "space_acme", "group_finance", "finance", "*"));
    static final Caller INSTANCE_READER = caller(new AdminGrant("g3", "instance_admin", null, null, null, "users:read"));

    @Test
    void mapsRoutesToPermissionKeys() {
        assertEquals("users:read", RoutePermissions.required("GET", "/api/v1/users/user_alice"));
        assertEquals("admin_grants:manage", RoutePermissions.required("POST", "/api/v1/admin/grants"));
        assertEquals("api_keys:read", RoutePermissions.required("GET", "/api/v1/api-keys"));
        assertEquals("audit:read", RoutePermissions.required("GET", "/api/v1/spaces/space_acme/audit/logs"));
        assertEquals(RoutePermissions.SESSION, RoutePermissions.required("GET", "/api/v1/admin/me"));
        assertEquals(RoutePermissions.SESSION, RoutePermissions.required("POST", "/api/v1/actor/switch-member"));
        assertEquals(RoutePermissions.PUBLIC, RoutePermissions.required("POST", "/api/v1/auth/refresh"));
    }

    @Test
    void spaceAndGroupAdminsNeverOpenUsers() {
        assertFalse(BearerAuthFilter.permitted(SPACE_ADMIN, "users:read", "/api/v1/users"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "users:manage", "/api/v1/users/user_bob/disable"));
        assertTrue(BearerAuthFilter.permitted(INSTANCE_READER, "users:read", "/api/v1/users"));
    }

    @Test
    void spaceRoutesNeedThePermissionInThatSpace() {
        assertEquals("space_acme", RoutePermissions.spaceOf("/api/v1/spaces/space_acme/groups/g/"));
        assertNull(RoutePermissions.spaceOf("/api/v1/spaces"));
        assertTrue(BearerAuthFilter.permitted(SPACE_ADMIN, "groups:manage", "/api/v1/spaces/space_acme/groups"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "members:read", "/api/v1/spaces/space_acme/members"));
        assertFalse(BearerAuthFilter.permitted(SPACE_ADMIN, "groups:read", "/api/v1/spaces/space_other/groups"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "spaces:read", "/api/v1/spaces/space_other"));
        assertTrue(BearerAuthFilter.permitted(SPACE_ADMIN, "spaces:read", "/api/v1/spaces"));
        assertFalse(BearerAuthFilter.permitted(INSTANCE_READER, "spaces:read", "/api/v1/spaces"));
    }

    @Test
    void groupAdminOpensOnlyGroupRoutesOfItsSpaceAndOnlyItsSubtree() {
        assertTrue(RoutePermissions.groupRoute("/api/v1/spaces/space_acme/groups/tree"));
        assertFalse(RoutePermissions.groupRoute("/api/v1/spaces/space_acme/member-roles"));
        assertTrue(BearerAuthFilter.permitted(GROUP_ADMIN, "groups:manage", "/api/v1/spaces/space_acme/groups/g/disable"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "groups:read", "/api/v1/spaces/space_other/groups"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "spaces:read", "/api/v1/spaces/space_acme"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "admin_grants:read", "/api/v1/admin/grants"));
        assertFalse(BearerAuthFilter.permitted(GROUP_ADMIN, "audit:read", "/api/v1/audit/logs"));
        assertTrue(GROUP_ADMIN.spacesWith("groups:read").isEmpty());

        assertTrue(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "finance"));
        assertTrue(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "finance.apac.sg"));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "finance_old"));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "sales"));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", null));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_other", "finance"));
        assertTrue(SPACE_ADMIN.holdsForGroup("groups:manage", "space_acme", null));
    }

    @Test
    void grantLevelsRankBroadestFirst() {
        AdminGrant superAdmin = new AdminGrant("s", "instance_super_admin", null, null, null, "*");
        assertTrue(superAdmin.atLeast("instance_admin"));
        assertTrue(SPACE_ADMIN.grants().get(0).atLeast("group_admin"));
        assertFalse(GROUP_ADMIN.grants().get(0).atLeast("space_admin"));
        assertTrue(AdminGrant.wellFormedKey("users:*"));
        assertFalse(AdminGrant.wellFormedKey("users"));
        assertFalse(AdminGrant.wellFormedKey("*:read"));
    }

    private static Caller caller(AdminGrant grant) {
        return new Caller("ses", null, "user", "user@example.test", null, List.of(grant));
    }
}
