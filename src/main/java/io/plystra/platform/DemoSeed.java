package io.plystra.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import io.plystra.kernel.PasswordHasher;

/** Loads the Finance Reviewer demo (idempotent: rows that exist are kept as they are). */
public final class DemoSeed {

    public static final String DEMO_PASSWORD = "plystra-demo";
    private static final String SCRIPT = "db/demo/finance-reviewer.sql";

    private DemoSeed() {
    }

    public static void run(Connection connection) throws SQLException {
        String hash = PasswordHasher.hash(DEMO_PASSWORD.toCharArray());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (String statement : script().split(";\\s*\\n")) {
                String sql = stripComments(statement);
                if (sql.isBlank()) {
                    continue;
                }
                int uses = sql.split(":password_hash", -1).length - 1;
                try (PreparedStatement ps = connection.prepareStatement(sql.replace(":password_hash", "?"))) {
                    for (int i = 1; i <= uses; i++) {
                        ps.setString(i, hash);
                    }
                    ps.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static String script() {
        try (InputStream in = DemoSeed.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stripComments(String statement) {
        StringBuilder out = new StringBuilder();
        for (String line : statement.split("\n")) {
            if (!line.trim().startsWith("--")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
