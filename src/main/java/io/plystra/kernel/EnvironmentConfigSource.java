package io.plystra.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The operator's environment names that need more than a {@code ${VAR}} in application.properties:
 * {@code PLYSTRA_DATABASE_URL} becomes the Quarkus datasource settings (JDBC for Flyway, the
 * reactive URL for the Vert.x client), {@code PLYSTRA_ENV} decides migration at start and schema
 * validation, {@code LOG_LEVEL} is taken in any case, and {@code LOG_FORMAT=text|json} picks the
 * console format.
 * Explicit {@code QUARKUS_*} environment variables (ordinal 300) still win over it.
 */
public class EnvironmentConfigSource implements ConfigSource {

    private final Map<String, String> properties;

    public EnvironmentConfigSource() {
        Map<String, String> p = new HashMap<>();
        String url = System.getenv("PLYSTRA_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            p.putAll(databaseProperties(url));
        }
        // Development and tests migrate at start, before Hibernate validates the schema; production
        // never migrates by itself (plystractl migrate up), so it cannot validate at boot either:
        // /api/v1/ready and `plystractl schema check` report a schema that is behind.
        boolean production = "production".equals(System.getenv("PLYSTRA_ENV"));
        p.put("quarkus.flyway.migrate-at-start", Boolean.toString(!production));
        p.put("quarkus.hibernate-orm.schema-management.strategy", production ? "none" : "validate");
        // The OpenAPI document (and Swagger UI with it) is served in development, and in production only when asked.
        String openApi = System.getenv("OPENAPI_ENABLED");
        boolean documented = openApi == null || openApi.isBlank() ? !production : Boolean.parseBoolean(openApi.trim());
        p.put("quarkus.smallrye-openapi.enabled", Boolean.toString(documented));
        if (!documented) {
            p.put("quarkus.swagger-ui.enabled", "false");
        }
        String logLevel = System.getenv("LOG_LEVEL");
        if (logLevel != null && !logLevel.isBlank()) {
            p.put("quarkus.log.level", logLevel.trim().toUpperCase(java.util.Locale.ROOT));
        }
        String logFormat = System.getenv("LOG_FORMAT");
        if (logFormat != null && !logFormat.isBlank()) {
            p.put("quarkus.log.console.json.enabled", Boolean.toString(!"text".equalsIgnoreCase(logFormat.trim())));
        }
        this.properties = Map.copyOf(p);
    }

    static Map<String, String> databaseProperties(String url) {
        DatabaseUrl db;
        try {
            db = DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            // PlystraMain refuses to start with a one-line message first; the datasource stays unset.
            return Map.of();
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
        return "plystra-environment";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
