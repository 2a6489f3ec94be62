package io.plystra.session.grant;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;

import io.plystra.kernel.PasswordHasher;

/**
 * Creates the first super admin: the user (created when missing, with an Argon2id hash of the
 * given password; an existing user keeps its password) and an active {@code instance_super_admin}
 * grant. Used by {@code plystractl admin bootstrap-super-admin} and by the server at start.
 */
public final class SuperAdminBootstrap {

    public enum Outcome { CREATED, GRANTED_TO_EXISTING_USER, ALREADY_SUPER_ADMIN, REFUSED_SUPER_ADMIN_EXISTS }

    private SuperAdminBootstrap() {
    }

    /** @param onlyIfNone do nothing when any active super admin exists (the server's start-up rule) */
    public static Outcome run(Connection c, String email, char[] password, boolean ifExistsOk, boolean onlyIfNone)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement lock = c.prepareStatement("LOCK TABLE admin_grants IN SHARE ROW EXCLUSIVE MODE")) {
            lock.execute();
            Outcome outcome = bootstrap(c, email.trim(), password, ifExistsOk, onlyIfNone);
            c.commit();
            return outcome;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static Outcome bootstrap(Connection c, String email, char[] password, boolean ifExistsOk, boolean onlyIfNone)
            throws SQLException {
        boolean anySuperAdmin;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM admin_grants WHERE level = 'instance_super_admin' AND status = 'active' LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            anySuperAdmin = rs.next();
        }
        if (anySuperAdmin && onlyIfNone) {
            return Outcome.REFUSED_SUPER_ADMIN_EXISTS;
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
            userId = newId("user_");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO users (id, email, password_hash, status) VALUES (?, ?, ?, 'active')")) {
                ps.setString(1, userId);
                ps.setString(2, email);
                ps.setString(3, password == null || password.length == 0 ? null : PasswordHasher.hash(password));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO admin_grants (id, user_id, level, permission_key) "
                + "VALUES (?, ?, 'instance_super_admin', '*')")) {
            ps.setString(1, newId("grant_"));
            ps.setString(2, userId);
            ps.executeUpdate();
        }
        return created ? Outcome.CREATED : Outcome.GRANTED_TO_EXISTING_USER;
    }

    static String newId(String prefix) {
        byte[] random = new byte[10];
        new SecureRandom().nextBytes(random);
        return prefix + HexFormat.of().formatHex(random);
    }
}
