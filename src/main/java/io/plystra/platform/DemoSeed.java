package io.plystra.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import java.util.Map;

import io.plystra.audit.Mutation;
import io.plystra.audit.MutationAudit;
import io.plystra.kernel.Caller;
import io.plystra.kernel.PasswordHasher;
import io.plystra.kernel.RequestInfo;

/** Loads the Finance Reviewer demo (idempotent: rows that exist are kept as they are). */
public final class DemoSeed {

    public static final String DEMO_PASSWORD = "plystra-demo";
    private static final String SCRIPT = "db/demo/finance-reviewer.sql";

    private DemoSeed() {
    }

    /**
     * Loads the demo in one transaction; when it wrote any row, one audit row {@code demo.seeded}
     * (with the number of rows) joins the transaction.
     *
     * @param origin who runs it ({@link RequestInfo#system})
     * @return the rows inserted (0 when the demo was loaded already)
     */
    public static int run(Connection connection, RequestInfo origin) throws SQLException {
        String hash = PasswordHasher.hash(DEMO_PASSWORD.toCharArray());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int inserted = 0;
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
                    inserted += ps.executeUpdate();
                }
            }
            if (inserted > 0) {
                MutationAudit.record(connection, Caller.SYSTEM, origin,
                        new Mutation<>("demo", "seeded", "finance-reviewer", null, Map.of("script", SCRIPT, "rows", inserted)));
            }
            connection.commit();
            return inserted;
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
