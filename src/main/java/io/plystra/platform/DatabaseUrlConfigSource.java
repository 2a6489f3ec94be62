package io.plystra.platform;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns {@code PLYSTRA_DATABASE_URL} into the Quarkus datasource settings (JDBC for Flyway, the
 * reactive URL for the Vert.x client and Hibernate Reactive). Explicit {@code QUARKUS_DATASOURCE_*}
 * environment variables (ordinal 300) still win over it.
 */
public class DatabaseUrlConfigSource implements ConfigSource {

    static final String VARIABLE = "PLYSTRA_DATABASE_URL";

    private final Map<String, String> properties;

    public DatabaseUrlConfigSource() {
        String url = System.getProperty("plystra.database-url", System.getenv(VARIABLE));
        this.properties = url == null || url.isBlank() ? Map.of() : toProperties(url);
    }

    static Map<String, String> toProperties(String url) {
        DatabaseUrl db;
        try {
            db = DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            // Reported with a clear message by the start-up checks; the datasource stays unset.
            return Map.of("plystra.database-url-error", e.getMessage());
        }
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        p.put("quarkus.datasource.reactive.url", db.reactiveUrl());
        if (db.username() != null) {
            p.put("quarkus.datasource.username", db.username());
        }
        if (db.password() != null) {
            p.put("quarkus.datasource.password", db.password());
        }
        return Map.copyOf(p);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return VARIABLE;
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
