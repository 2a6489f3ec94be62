package io.plystra.session.grant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.plystra.audit.Mutation;
import io.plystra.audit.MutationAudit;
import io.plystra.kernel.Caller;
import io.plystra.kernel.Ids;
import io.plystra.kernel.PasswordHasher;
import io.plystra.kernel.RequestInfo;

/**
 * Creates the first super admin: the user (created when missing, with an Argon2id hash of the
 * given password; an existing user keeps its password) and an active {@code instance_super_admin}
 * grant. Used by {@code plystractl admin bootstrap-super-admin} and by the server at start. Each row it
 * creates has its audit row ({@code user.created}, {@code admin_grant.created}) in the same transaction,
 * with the tool as the request's user agent.
 */
public final class SuperAdminBootstrap {

    public enum Outcome { CREATED, GRANTED_TO_EXISTING_USER, ALREADY_SUPER_ADMIN, REFUSED_SUPER_ADMIN_EXISTS, SKIPPED_SUPER_ADMIN_EXISTS }

    /** What to do when a super admin exists already. */
    public enum Policy {
        /** Refuse ({@code plystractl}, without {@code --if-exists ok}). */
        REFUSE_IF_EXISTS,
        /** Make this user one more super admin, or say it is one ({@code --if-exists ok}). */
        OK_IF_EXISTS,
        /** Do nothing when any active super admin exists (the server's start-up rule). */
        ONLY_IF_NONE
    }

    private SuperAdminBootstrap() {
    }

    /** @param origin who runs it, for the audit rows ({@link RequestInfo#system}) */
    public static Outcome run(Connection c, RequestInfo origin, String email, char[] password, Policy policy)
            throws SQLException {
        boolean ifExistsOk = policy != Policy.REFUSE_IF_EXISTS;
        boolean onlyIfNone = policy == Policy.ONLY_IF_NONE;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("LOCK TABLE admin_grants IN SHARE ROW EXCLUSIVE MODE")) {
            lock.execute();
            Outcome outcome = bootstrap(c, origin, io.plystra.kernel.EmailAddress.normalize(email), password, ifExistsOk, onlyIfNone);
            c.commit();
            return outcome;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Outcome bootstrap(Connection c, RequestInfo origin, String email, char[] password, boolean ifExistsOk,
                                     boolean onlyIfNone) throws SQLException {
        boolean anySuperAdmin;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM admin_grants WHERE level = 'instance_super_admin' AND status = 'active' LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            anySuperAdmin = rs.next();
        }
        if (anySuperAdmin && onlyIfNone) {
            return Outcome.SKIPPED_SUPER_ADMIN_EXISTS;
        }
        String userId = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE lower(email) = lower(?)")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    userId = rs.getString(1);
                }
            }
        }
        if (userId != null) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM admin_grants WHERE user_id = ? "
                    + "AND level = 'instance_super_admin' AND status = 'active'")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return ifExistsOk ? Outcome.ALREADY_SUPER_ADMIN : Outcome.REFUSED_SUPER_ADMIN_EXISTS;
                    }
                }
            }
        }
        if (anySuperAdmin && !ifExistsOk) {
            return Outcome.REFUSED_SUPER_ADMIN_EXISTS;
        }
        boolean created = userId == null;
        if (created) {
            userId = Ids.generate("user");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (id, email, password_hash, status) VALUES (?, ?, ?, 'active')")) {
                ps.setString(1, userId);
                ps.setString(2, email);
                ps.setString(3, password == null || password.length == 0 ? null : PasswordHasher.hash(password));
                ps.executeUpdate();
            }
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", userId);
            user.put("email", email);
            user.put("status", "active");
            MutationAudit.record(c, Caller.SYSTEM, origin, new Mutation<>("user", "created", userId, null, user));
        }
        String grantId = Ids.generate("grant");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_grants (id, user_id, level, permission_key) "
                + "VALUES (?, ?, 'instance_super_admin', '*')")) {
            ps.setString(1, grantId);
            ps.setString(2, userId);
            ps.executeUpdate();
        }
        Map<String, Object> grant = new LinkedHashMap<>();
        grant.put("id", grantId);
        grant.put("user_id", userId);
        grant.put("level", "instance_super_admin");
        grant.put("permission_key", "*");
        grant.put("status", "active");
        MutationAudit.record(c, Caller.SYSTEM, origin, new Mutation<>("admin_grant", "created", grantId, null, grant));
        return created ? Outcome.CREATED : Outcome.GRANTED_TO_EXISTING_USER;
    }
}
