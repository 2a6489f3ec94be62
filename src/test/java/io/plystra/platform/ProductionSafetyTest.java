package io.plystra.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProductionSafetyTest {

    static Map<String, String> safe() {
        Map<String, String> env = new HashMap<>();
        env.put("PLYSTRA_ENV", "production");
        env.put("PLYSTRA_SESSION_SECRET", "k".repeat(48));
        env.put("AUDIT_CHECKPOINT_KEY", "a".repeat(48));
        env.put("CORS_ALLOWED_ORIGINS", "https://admin.example.com");
        env.put("PLYSTRA_DATABASE_URL", "postgres://core:s3cret@db:5432/plystra");
        return env;
    }

    static Stream<Arguments> unsafe() {
        return Stream.of(
                Arguments.of("PLYSTRA_SESSION_SECRET", null, "PLYSTRA_SESSION_SECRET is not set"),
                Arguments.of("PLYSTRA_SESSION_SECRET", ProductionSafety.DEFAULT_SESSION_SECRET, "PLYSTRA_SESSION_SECRET is not set"),
                Arguments.of("PLYSTRA_SESSION_SECRET", "short-secret", "shorter than 32"),
                Arguments.of("AUDIT_CHECKPOINT_KEY", null, "AUDIT_CHECKPOINT_KEY is not set"),
                Arguments.of("AUDIT_CHECKPOINT_KEY", ProductionSafety.DEFAULT_AUDIT_CHECKPOINT_KEY, "AUDIT_CHECKPOINT_KEY is not set"),
                Arguments.of("AUDIT_CHECKPOINT_KEY", "short-key", "AUDIT_CHECKPOINT_KEY is shorter than 32"),
                Arguments.of("CORS_ALLOWED_ORIGINS", "*", "wildcard"),
                Arguments.of("CORS_ALLOWED_ORIGINS", "https://a.example.com, https://*.example.com", "wildcard"),
                Arguments.of("CORS_ALLOWED_ORIGINS", " ", "CORS_ALLOWED_ORIGINS is not set or empty"),
                Arguments.of("PLYSTRA_DATABASE_URL", null, "PLYSTRA_DATABASE_URL is not set"),
                Arguments.of("PLYSTRA_DATABASE_URL", "postgres://plystra:plystra@db:5432/plystra", "default plystra:plystra"),
                Arguments.of("PLYSTRA_DATABASE_URL", "mysql://x@y/z", "PLYSTRA_DATABASE_URL is invalid"),
                Arguments.of("AUDIT_WRITE_MODE", "disabled_for_dev", "AUDIT_WRITE_MODE=disabled_for_dev"),
                Arguments.of("AUDIT_CHECKPOINT_KEY", "change-me-too-64-hex-characters-from-openssl-rand-hex-32-please", "placeholder"),
                Arguments.of("PLYSTRA_SESSION_SECRET", "change-me-to-64-hex-characters-from-openssl-rand-hex-32-please", "placeholder"),
                Arguments.of("PLYSTRA_DATABASE_URL", "postgres://plystra_core:change-me-database-password@postgres:5432/plystra",
                        "placeholder"),
                Arguments.of("QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY", "drop-and-create", "manage the schema"),
                Arguments.of("QUARKUS_HIBERNATE_ORM_DATABASE_GENERATION", "update", "manage the schema"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("unsafe")
    void refusesEachUnsafeSetting(String variable, String value, String expected) {
        Map<String, String> env = safe();
        if (value == null) {
            env.remove(variable);
        } else {
            env.put(variable, value);
        }
        List<String> problems = ProductionSafety.problems(env);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains(expected), problems.get(0));
    }

    @Test
    void acceptsASafeProductionEnvironmentAndIgnoresDevelopment() {
        assertEquals(List.of(), ProductionSafety.problems(safe()));
        assertEquals(List.of(), ProductionSafety.problems(Map.of("PLYSTRA_ENV", "development")));
        assertEquals(List.of(), ProductionSafety.problems(Map.of()));
    }

    @Test
    void serverRefusesToStartWithOneLineAndNonZeroExit() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlystraMain.class.getName());
        pb.environment().clear();
        pb.environment().put("PLYSTRA_ENV", "production");
        pb.environment().put("CORS_ALLOWED_ORIGINS", "*");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("plystra: production mode refuses to start: "), err);
        assertTrue(err.contains("wildcard") && err.contains("PLYSTRA_SESSION_SECRET"), err);
    }

    @Test
    void anyModeRefusesAnUnknownEnvironmentOrAMissingDatabaseInOneLine() {
        for (String mode : List.of("prod", "Production", "staging")) {
            List<String> problems = ProductionSafety.startProblems(Map.of("PLYSTRA_ENV", mode,
                    "PLYSTRA_DATABASE_URL", "postgres://u:p@db:5432/x"));
            assertEquals(List.of("PLYSTRA_ENV=" + mode + " is not known: use one of development, production"), problems);
        }
        List<String> noDatabase = ProductionSafety.startProblems(Map.of());
        assertEquals(1, noDatabase.size(), noDatabase.toString());
        assertTrue(noDatabase.get(0).startsWith("PLYSTRA_DATABASE_URL is not set") && noDatabase.get(0).contains("start-dev"));
        assertTrue(ProductionSafety.startProblems(Map.of("PLYSTRA_DATABASE_URL", "mysql://x@y/z")).get(0)
                .startsWith("PLYSTRA_DATABASE_URL is invalid"));
        assertEquals(List.of(), ProductionSafety.startProblems(Map.of("PLYSTRA_DATABASE_URL", "postgres://u:p@db:5432/x")));
        assertEquals(List.of(), ProductionSafety.startProblems(safe()));
    }

    @Test
    void anyModeRefusesAShortConsistencySecretAndConsistencyNumbersOutOfRange() {
        String db = "postgres://u:p@db:5432/x";
        assertEquals(List.of("PLYSTRA_CONSISTENCY_SECRET is shorter than 32 characters: set a random value, "
                + "or unset it to use the key stored in the database"),
                ProductionSafety.startProblems(Map.of("PLYSTRA_DATABASE_URL", db, "PLYSTRA_CONSISTENCY_SECRET", "short")));
        assertEquals(List.of("PLYSTRA_CONSISTENCY_WAIT_MS=-1 is not a whole number from 0 to 60000",
                "PLYSTRA_STRICT_CHECKS_PER_SECOND=0 is not a whole number from 1 to 1000000"),
                ProductionSafety.startProblems(Map.of("PLYSTRA_DATABASE_URL", db, "PLYSTRA_CONSISTENCY_WAIT_MS", "-1",
                        "PLYSTRA_STRICT_CHECKS_PER_SECOND", "0")));
        assertEquals(List.of("PLYSTRA_STRICT_CHECKS_PER_SECOND=many is not a whole number from 1 to 1000000"),
                ProductionSafety.startProblems(Map.of("PLYSTRA_DATABASE_URL", db, "PLYSTRA_STRICT_CHECKS_PER_SECOND", "many")));
        assertEquals(List.of(), ProductionSafety.startProblems(Map.of("PLYSTRA_DATABASE_URL", db,
                "PLYSTRA_CONSISTENCY_SECRET", "0123456789abcdef0123456789abcdef", "PLYSTRA_CONSISTENCY_WAIT_MS", "0",
                "PLYSTRA_STRICT_CHECKS_PER_SECOND", "5")));
    }

    @Test
    void serverWithoutADatabaseSaysSoInOneLine() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlystraMain.class.getName());
        pb.environment().clear();
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("plystra: refusing to start: PLYSTRA_DATABASE_URL is not set"), err);
    }
}
