package io.plystra.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.plystra.kernel.DatabaseUrl;
import io.plystra.testsupport.PostgresTestResource;

/** Runs {@code plystractl} in the test JVM, as a launch would, and reads what it wrote; databases for it to work on. */
final class Cli {

    /** The exit code and what the command printed. */
    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Plystractl(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]), new HashMap<>(env)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The test database, as PLYSTRA_DATABASE_URL. */
    static Map<String, String> testDatabase() {
        return Map.of("PLYSTRA_DATABASE_URL", PostgresTestResource.url());
    }

    /** A new, empty database {@code name} on the test server (dropped first if it exists), as PLYSTRA_DATABASE_URL. */
    static Map<String, String> freshDatabase(String name) throws SQLException {
        DatabaseUrl server = DatabaseUrl.parse(PostgresTestResource.url());
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        return Map.of("PLYSTRA_DATABASE_URL", PostgresTestResource.url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
    }

    /** The first column of the first row of {@code sql} in the database of {@code env}. */
    static long count(Map<String, String> env, String sql) throws SQLException {
        try (Connection c = connect(env); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs the statements, in order, on one connection to the database of {@code env}. */
    static void execute(Map<String, String> env, String... statements) throws SQLException {
        try (Connection c = connect(env); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static Connection connect(Map<String, String> env) throws SQLException {
        DatabaseUrl db = DatabaseUrl.parse(env.get("PLYSTRA_DATABASE_URL"));
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
