package io.plystra.access.role;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.kernel.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * The versions of roles, and the role's permission set as the versions see it: the permission ids of
 * its active role-permissions. A version is written from the rows as they are in the database (the
 * change flushed first), by one INSERT ... SELECT, so it holds exactly what the transaction commits.
 * The rollback's changes of role-permissions are plain SQL here too: this package does not map that
 * table (access/rolepermission builds on access/role, not the other way round).
 */
@ApplicationScoped
public class RoleVersionRepository implements PanacheRepositoryBase<RoleVersion, RoleVersion.Key> {

    private static final String STATE = """
            SELECT r.id, r.version, r.name, r.description, r.status,
                   ARRAY(SELECT rp.permission_id FROM role_permissions rp
                         WHERE rp.role_id = r.id AND rp.status = 'active' ORDER BY rp.permission_id),
            """;
    private static final String COLUMNS = "INSERT INTO role_versions (role_id, version, name, description, status, "
            + "permission_ids, reason, restored_version, created_at, created_by)\n";

    /** The role's current version as it is now, made by {@code ?2} ({@code ?3}: the version restored, 0 for none). */
    static final String RECORD_SQL = COLUMNS + STATE + """
                   ?2, CAST(NULLIF(?3, 0) AS integer), ?4, NULLIF(?5, '')
            FROM roles r WHERE r.id = ?1""";

    /** The role's current version as it is now, unless it was kept already (a role written outside the API). */
    static final String KEEP_SQL = COLUMNS + STATE + """
                   'recorded', NULL, r.updated_at, NULL
            FROM roles r WHERE r.id = ?1
            ON CONFLICT DO NOTHING""";

    static final String ACTIVE_SQL = "SELECT permission_id FROM role_permissions WHERE role_id = ?1 AND status = 'active' "
            + "ORDER BY permission_id";
    static final String REVOKE_SQL = "UPDATE role_permissions SET status = 'revoked', revoked_at = ?3, updated_at = ?4 "
            + "WHERE role_id = ?1 AND permission_id = ?2 AND status = 'active'";
    static final String ADD_SQL = "INSERT INTO role_permissions (id, role_id, permission_id, status, created_at, updated_at) "
            + "VALUES (?1, ?2, ?3, 'active', ?4, ?5)";

    /** Version {@code version} of the role, or null. */
    public Uni<RoleVersion> of(String roleId, int version) {
        return find("roleId = ?1 and version = ?2", roleId, version).firstResult();
    }

    /** Up to {@code limit + 1} versions of the role after the cursor, newest first (the cursor carries the version). */
    public Uni<List<RoleVersion>> page(String roleId, PageRequest page) {
        return find("roleId = ?1 and version < ?2 order by version desc", roleId, page.versionBefore()).range(0, page.limit()).list();
    }

    /** Writes the role's current version from the database's rows: call it once the change is flushed. */
    public Uni<Void> record(String roleId, String reason, int restoredVersion, Instant at, String createdBy) {
        return getSession().flatMap(s -> s.createNativeQuery(RECORD_SQL).setParameter(1, roleId).setParameter(2, reason)
                .setParameter(3, restoredVersion).setParameter(4, at.atOffset(ZoneOffset.UTC))
                .setParameter(5, createdBy == null ? "" : createdBy).executeUpdate()).replaceWithVoid();
    }

    /** Keeps the role's current version before it changes, when no row holds it yet (reason {@code recorded}). */
    public Uni<Void> keep(String roleId) {
        return getSession().flatMap(s -> s.createNativeQuery(KEEP_SQL).setParameter(1, roleId).executeUpdate())
                .replaceWithVoid();
    }

    /** The ids of the permissions the role's active role-permissions name, in id order. */
    public Uni<List<String>> activePermissions(String roleId) {
        return getSession().flatMap(s -> s.createNativeQuery(ACTIVE_SQL, String.class).setParameter(1, roleId).getResultList());
    }

    /** Revokes the role's active role-permission of this permission. */
    public Uni<Integer> revoke(String roleId, String permissionId, Instant at) {
        return getSession().flatMap(s -> s.createNativeQuery(REVOKE_SQL).setParameter(1, roleId).setParameter(2, permissionId)
                .setParameter(3, at.atOffset(ZoneOffset.UTC)).setParameter(4, at.atOffset(ZoneOffset.UTC)).executeUpdate());
    }

    /** Puts the permission into the role with a new active role-permission {@code id}. */
    public Uni<Integer> add(String id, String roleId, String permissionId, Instant at) {
        return getSession().flatMap(s -> s.createNativeQuery(ADD_SQL).setParameter(1, id).setParameter(2, roleId)
                .setParameter(3, permissionId).setParameter(4, at.atOffset(ZoneOffset.UTC))
                .setParameter(5, at.atOffset(ZoneOffset.UTC)).executeUpdate());
    }
}
