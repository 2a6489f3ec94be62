package io.plystra.cli;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/**
 * {@code plystractl schema check}: every entity of the application against the migrated database —
 * its table exists, and every mapped field has a column of a compatible type. Reads the entity
 * classes by reflection, without starting Hibernate.
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /** One line per problem; empty when the model and the database agree. */
    public static List<String> problems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (Class<?> entity : entities()) {
            String table = entity.getAnnotation(Table.class) != null ? entity.getAnnotation(Table.class).name()
                    : snake(entity.getSimpleName());
            Map<String, String> columns = columns(c, table);
            if (columns.isEmpty()) {
                problems.add("table " + table + " (entity " + entity.getSimpleName() + ") does not exist");
                continue;
            }
            for (Field field : entity.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isAnnotationPresent(Transient.class)) {
                    continue;
                }
                Column column = field.getAnnotation(Column.class);
                String name = column != null && !column.name().isEmpty() ? column.name() : snake(field.getName());
                String type = columns.get(name);
                if (type == null) {
                    problems.add(table + "." + name + ": no such column (field " + entity.getSimpleName() + "." + field.getName() + ")");
                } else if (!compatible(field.getType(), type) && !declaredAs(column, type)
                        && !(List.class.isAssignableFrom(field.getType()) && type.equals("ARRAY") && mappedAsArray(field))) {
                    problems.add(table + "." + name + ": column type " + type + " does not hold " + field.getType().getSimpleName());
                }
            }
        }
        return problems;
    }

    static List<Class<?>> entities() {
        List<Class<?>> out = new ArrayList<>();
        for (String className : new TreeSet<>(classNames("io/plystra"))) {
            try {
                Class<?> type = Class.forName(className, false, SchemaCheck.class.getClassLoader());
                if (type.isAnnotationPresent(Entity.class)) {
                    out.add(type);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // Not loadable outside the application (generated or optional classes): not an entity we check.
            }
        }
        return out;
    }

    private static List<String> classNames(String packagePath) {
        List<String> names = new ArrayList<>();
        try {
            for (URL url : Collections.list(SchemaCheck.class.getClassLoader().getResources(packagePath))) {
                if ("jar".equals(url.getProtocol())) {
                    try (JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile()) {
                        for (JarEntry e : Collections.list(jar.entries())) {
                            addClass(names, e.getName());
                        }
                    }
                } else if ("file".equals(url.getProtocol())) {
                    Path root = Path.of(url.toURI()).getParent().getParent();
                    try (var files = Files.walk(Path.of(url.toURI()))) {
                        files.forEach(f -> addClass(names, root.relativize(f).toString().replace(File.separatorChar, '/')));
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the application's classes: " + e.getMessage(), e);
        }
        return names;
    }

    private static void addClass(List<String> names, String path) {
        if (path.startsWith("io/plystra/") && path.endsWith(".class") && !path.contains("$")) {
            names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
        }
    }

    private static Map<String, String> columns(Connection c, String table) throws SQLException {
        Map<String, String> columns = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static boolean compatible(Class<?> javaType, String sqlType) {
        if (javaType == String.class) {
            return sqlType.equals("text") || sqlType.startsWith("character");
        }
        if (javaType == Instant.class || javaType == java.time.OffsetDateTime.class) {
            return sqlType.equals("timestamp with time zone");
        }
        if (javaType == boolean.class || javaType == Boolean.class) {
            return sqlType.equals("boolean");
        }
        if (javaType == int.class || javaType == Integer.class || javaType == long.class || javaType == Long.class) {
            return sqlType.equals("integer") || sqlType.equals("bigint") || sqlType.equals("smallint");
        }
        if (javaType.isArray()) {
            return sqlType.equals("ARRAY");
        }
        if (Map.class.isAssignableFrom(javaType) || List.class.isAssignableFrom(javaType)) {
            return sqlType.equals("jsonb") || sqlType.equals("json");
        }
        return true;
    }

    /** A field whose {@code @Column(columnDefinition)} names the column's type (JSON kept as text, cast on the way). */
    private static boolean declaredAs(Column column, String sqlType) {
        return column != null && column.columnDefinition().equalsIgnoreCase(sqlType);
    }

    /** A collection field stored as a PostgreSQL array ({@code @JdbcTypeCode(SqlTypes.ARRAY)}). */
    private static boolean mappedAsArray(Field field) {
        org.hibernate.annotations.JdbcTypeCode code = field.getAnnotation(org.hibernate.annotations.JdbcTypeCode.class);
        return code != null && code.value() == org.hibernate.type.SqlTypes.ARRAY;
    }

    /** Hibernate's default physical naming in Quarkus: camelCase to snake_case. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
