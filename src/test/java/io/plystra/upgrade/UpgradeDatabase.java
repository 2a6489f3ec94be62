package io.plystra.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.flywaydb.core.Flyway;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.kernel.PasswordHasher;
import io.plystra.platform.DemoSeed;
import io.plystra.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Plystra Core v1.0 database with data, for the server to upgrade when it starts: a fresh database on the test
 * server, migrated to schema version {@value #V1_0_SCHEMA} (the last migration of v1.0), then loaded with the Finance
 * Reviewer demo as v1.0 stored it ({@code upgrade/finance-reviewer-v1.0.sql}). Quarkus applies every later migration
 * at start, as an upgrade does.
 */
public class UpgradeDatabase implements QuarkusTestResourceLifecycleManager {

    static final String V1_0_SCHEMA = "011";
    static final String DATABASE = "plystra_upgrade";
    private static final String DATA = "upgrade/finance-reviewer-v1.0.sql";

    /** The upgraded database's URL in PLYSTRA_DATABASE_URL form. */
    static String url() {
        return PostgresTestResource.url().replaceFirst("/[^/?]+(\\?|$)", "/" + DATABASE + "$1");
    }

    @Override
    public Map<String, String> start() {
        DatabaseUrl server = DatabaseUrl.parse(PostgresTestResource.url());
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the upgrade database", e);
        }
        DatabaseUrl db = DatabaseUrl.parse(url());
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration")
                .target(V1_0_SCHEMA).load().migrate();
        load(db);
        return Map.of(
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.reactive.url", db.reactiveUrl(),
                "quarkus.datasource.username", db.username(),
                "quarkus.datasource.password", db.password());
    }

    private static void load(DatabaseUrl db) {
        String hash = PasswordHasher.hash(DemoSeed.DEMO_PASSWORD.toCharArray());
        try (InputStream in = UpgradeDatabase.class.getClassLoader().getResourceAsStream(DATA);
             Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String statement : script.split(";\\s*\\n")) {
                String sql = statement.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
                if (sql.isBlank()) {
                    continue;
                }
                int uses = sql.split(":password_hash", -1).length - 1;
                try (PreparedStatement ps = c.prepareStatement(sql.replace(":password_hash", "?"))) {
                    for (int i = 1; i <= uses; i++) {
                        ps.setString(i, hash);
                    }
                    ps.executeUpdate();
                }
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot load the v1.0 data", e);
        }
    }

    @Override
    public void stop() {
        // The database stays on the test server until it stops.
    }
}
