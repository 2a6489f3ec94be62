package io.plystra.kernel;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The whole configuration tree; operators set it through the environment names in docs/operations.md. */
@ConfigMapping(prefix = "plystra")
public interface PlystraConfig {

    /** {@code PLYSTRA_ENV}: {@code development} or {@code production}. */
    @WithDefault("development")
    String env();

    /** {@code PLYSTRA_SESSION_SECRET}: HMAC key for session and API-key hashes. */
    String sessionSecret();

    Duration accessTokenTtl();

    Duration refreshTokenTtl();

    @WithDefault("X-Request-ID")
    String requestIdHeader();

    Optional<String> trustedProxies();

    Audit audit();

    BootstrapAdmin bootstrapAdmin();

    Demo demo();

    Metrics metrics();

    Cache cache();

    Login login();

    default boolean production() {
        return "production".equals(env());
    }

    interface Audit {
        /** {@code AUDIT_WRITE_MODE}: always, deny_only, disabled_for_dev. */
        @WithDefault("always")
        String writeMode();

        /** {@code AUDIT_DURABILITY}: sync or async. */
        @WithDefault("sync")
        String durability();

        /** {@code AUDIT_BATCH_MAX_ROWS}: most rows in one group-commit INSERT. */
        @WithDefault("100")
        int batchMaxRows();

        /** {@code AUDIT_BATCHES_IN_FLIGHT}: group-commit INSERTs that may be committing at the same time. */
        @WithDefault("2")
        int batchesInFlight();

        /** {@code AUDIT_QUEUE_CAPACITY}: rows that may wait; beyond it decisions get 503 OVERLOADED. */
        @WithDefault("10000")
        int queueCapacity();

        /** {@code AUDIT_COMMIT_TIMEOUT}: the longest a sync decision waits for its audit row; then 503 OVERLOADED. */
        @WithDefault("5s")
        Duration commitTimeout();

        /** {@code AUDIT_CHECKPOINT_KEY}: HMAC key of the audit chain checkpoints (never stored in the database). */
        String checkpointKey();
    }

    interface BootstrapAdmin {
        Optional<String> email();

        Optional<String> password();
    }

    interface Cache {
        /** {@code PLYSTRA_CACHE_MAX_AGE}: the longest a cached snapshot is used without a change notification. */
        @WithDefault("10s")
        Duration maxAge();

        /** {@code PLYSTRA_CACHE_MAX_ENTRIES}: entries per snapshot cache (actors, targets, grants). */
        @WithDefault("100000")
        long maxEntries();
    }

    interface Metrics {
        /** {@code METRICS_ENABLED}: serve {@code /metrics}; otherwise 404 {@code FEATURE_DISABLED}. */
        @WithDefault("false")
        boolean enabled();

        /** {@code METRICS_TOKEN}: the bearer token a Prometheus scraper sends. */
        Optional<String> token();
    }

    interface Login {
        /** {@code PLYSTRA_LOGIN_MAX_FAILURES}: failed logins per email or client IP before the lockout. */
        @WithDefault("8")
        int maxFailures();

        /** {@code PLYSTRA_LOGIN_WINDOW}: the window in which failures are counted. */
        @WithDefault("15m")
        Duration window();

        /** {@code PLYSTRA_LOGIN_LOCKOUT}: how long login answers 429 once the limit is reached. */
        @WithDefault("15m")
        Duration lockout();
    }

    interface Demo {
        /** Load the Finance Reviewer demo at start ({@code plystractl start-dev} sets it). */
        @WithDefault("false")
        boolean seedAtStart();
    }
}
