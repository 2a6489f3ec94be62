package io.plystra.platform;

import io.plystra.kernel.DatabaseUrl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings production mode ({@code PLYSTRA_ENV=production}) refuses to start with
 * (operations.md). Reads the raw environment so that it runs before Quarkus boots, and in
 * {@code plystractl doctor}. Each problem says what to do.
 */
public final class ProductionSafety {

    public static final String DEFAULT_SESSION_SECRET = "plystra-development-session-secret-change-me";
    /** The development default of AUDIT_CHECKPOINT_KEY (application.properties), refused in production. */
    public static final String DEFAULT_AUDIT_CHECKPOINT_KEY = "plystra-development-audit-checkpoint-key";
    static final int MIN_SECRET_LENGTH = 32;

    private ProductionSafety() {
    }

    /** The values PLYSTRA_ENV may take. */
    public static final List<String> ENVIRONMENTS = List.of("development", "production");
    /** The mark of every placeholder this repository ships (.env.example, deploy/secret.example.yaml). */
    static final String PLACEHOLDER = "change-me";
    static final String NO_DATABASE = "PLYSTRA_DATABASE_URL is not set: set it to postgres://user:pass@host:5432/db, "
            + "or run bin/plystractl start-dev for an embedded development database";

    /**
     * Why the server must not start in this environment, whatever the mode: an unknown PLYSTRA_ENV,
     * no or an invalid PLYSTRA_DATABASE_URL; then, in production mode, {@link #problems}. Each is one
     * line naming the variable and the fix.
     */
    public static List<String> startProblems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String mode = env.get("PLYSTRA_ENV");
        if (mode != null && !ENVIRONMENTS.contains(mode)) {
            problems.add("PLYSTRA_ENV=" + mode + " is not known: use one of " + String.join(", ", ENVIRONMENTS));
            return problems;
        }
        String issuers = env.get("PLYSTRA_JWT_ISSUERS");
        String issuersProblem = issuers == null || issuers.isBlank() ? null : io.plystra.gateway.JwtIssuers.problem(issuers);
        if (issuersProblem != null) {
            problems.add(issuersProblem);
        }
        String batchMax = env.get("PLYSTRA_BATCH_MAX");
        if (batchMax != null && !batchMax.isBlank() && !batchMaxValid(batchMax.trim())) {
            problems.add("PLYSTRA_BATCH_MAX=" + batchMax + " is not a whole number from 1 to " + MAX_BATCH);
        }
        String consistencySecret = env.get("PLYSTRA_CONSISTENCY_SECRET");
        if (consistencySecret != null && !consistencySecret.isEmpty() && consistencySecret.length() < MIN_SECRET_LENGTH) {
            problems.add("PLYSTRA_CONSISTENCY_SECRET is shorter than " + MIN_SECRET_LENGTH
                    + " characters: set a random value, or unset it to use the key stored in the database");
        }
        wholeNumber(problems, env, "PLYSTRA_CONSISTENCY_WAIT_MS", 0, MAX_CONSISTENCY_WAIT_MS);
        wholeNumber(problems, env, "PLYSTRA_STRICT_CHECKS_PER_SECOND", 1, 1_000_000);
        if (production(env)) {
            problems.addAll(problems(env));
            return problems;
        }
        String url = env.get("PLYSTRA_DATABASE_URL");
        if (url == null || url.isBlank()) {
            problems.add(NO_DATABASE);
            return problems;
        }
        try {
            DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            problems.add("PLYSTRA_DATABASE_URL is invalid: " + e.getMessage());
        }
        return problems;
    }

    /** The most items PLYSTRA_BATCH_MAX may allow in one batch-check. */
    public static final int MAX_BATCH = 1000;

    private static boolean batchMaxValid(String value) {
        try {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= MAX_BATCH;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The longest PLYSTRA_CONSISTENCY_WAIT_MS: a decision holds its request that long at most. */
    static final long MAX_CONSISTENCY_WAIT_MS = 60_000;

    /** A problem unless {@code variable} is unset or a whole number from {@code min} to {@code max}. */
    private static void wholeNumber(List<String> problems, Map<String, String> env, String variable, long min, long max) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return;
            }
        } catch (NumberFormatException e) {
            // Refused below.
        }
        problems.add(variable + "=" + value + " is not a whole number from " + min + " to " + max);
    }

    public static boolean production(Map<String, String> env) {
        return "production".equals(env.get("PLYSTRA_ENV"));
    }

    /** Problems of this environment in production mode; empty outside production mode. */
    public static List<String> problems(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        if (!production(env)) {
            return problems;
        }
        String secret = env.getOrDefault("PLYSTRA_SESSION_SECRET", "");
        if (secret.isBlank() || secret.equals(DEFAULT_SESSION_SECRET)) {
            problems.add("PLYSTRA_SESSION_SECRET is not set: set it to a random value of at least " + MIN_SECRET_LENGTH + " characters");
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            problems.add("PLYSTRA_SESSION_SECRET is shorter than " + MIN_SECRET_LENGTH + " characters");
        }
        String checkpointKey = env.getOrDefault("AUDIT_CHECKPOINT_KEY", "");
        if (checkpointKey.isBlank() || checkpointKey.equals(DEFAULT_AUDIT_CHECKPOINT_KEY)) {
            problems.add("AUDIT_CHECKPOINT_KEY is not set: set it to a random value of at least " + MIN_SECRET_LENGTH
                    + " characters, kept outside the database (it signs the audit checkpoints)");
        } else if (checkpointKey.length() < MIN_SECRET_LENGTH) {
            problems.add("AUDIT_CHECKPOINT_KEY is shorter than " + MIN_SECRET_LENGTH + " characters");
        }
        String origins = env.get("CORS_ALLOWED_ORIGINS");
        if (origins == null || origins.isBlank()) {
            problems.add("CORS_ALLOWED_ORIGINS is not set or empty: list the browser origins allowed to call the API");
        } else if (List.of(origins.split(",")).stream().map(String::trim).anyMatch(o -> o.equals("*") || o.contains("*"))) {
            problems.add("CORS_ALLOWED_ORIGINS contains a wildcard: list the origins explicitly");
        }
        String url = env.get("PLYSTRA_DATABASE_URL");
        if (url == null || url.isBlank()) {
            problems.add(NO_DATABASE);
        } else {
            try {
                DatabaseUrl db = DatabaseUrl.parse(url);
                if ("plystra".equals(db.username()) && "plystra".equals(db.password())) {
                    problems.add("PLYSTRA_DATABASE_URL uses the default plystra:plystra credentials");
                }
            } catch (IllegalArgumentException e) {
                problems.add("PLYSTRA_DATABASE_URL is invalid: " + e.getMessage());
            }
        }
        for (String variable : List.of("PLYSTRA_SESSION_SECRET", "AUDIT_CHECKPOINT_KEY", "PLYSTRA_DATABASE_URL", "METRICS_TOKEN",
                "PLYSTRA_BOOTSTRAP_ADMIN_PASSWORD")) {
            String value = env.get(variable);
            if (value != null && value.toLowerCase(Locale.ROOT).contains(PLACEHOLDER)
                    && !value.equals(DEFAULT_SESSION_SECRET) && !value.equals(DEFAULT_AUDIT_CHECKPOINT_KEY)) {
                problems.add(variable + " still holds the example placeholder (\"" + PLACEHOLDER + "...\"): set a real value");
            }
        }
        if ("disabled_for_dev".equals(env.get("AUDIT_WRITE_MODE"))) {
            problems.add("AUDIT_WRITE_MODE=disabled_for_dev is for development only: use always or deny_only");
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey().toUpperCase(Locale.ROOT);
            if ((key.startsWith("QUARKUS_HIBERNATE_ORM") && (key.contains("SCHEMA_MANAGEMENT") || key.contains("DATABASE_GENERATION")))
                    && !List.of("none", "validate").contains(e.getValue().trim().toLowerCase(Locale.ROOT))) {
                problems.add(e.getKey() + " asks Hibernate to manage the schema: remove it (migrations own the schema)");
            }
        }
        return problems;
    }
}
