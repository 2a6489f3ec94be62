package io.plystra.kernel;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The whole configuration tree; operators set it through the environment names in docs/operations.md.
 * Each default is written once, in application.properties, beside the environment variable it reads.
 */
@ConfigMapping(prefix = "plystra")
public interface PlystraConfig {

    /** {@code PLYSTRA_ENV}: {@code development} or {@code production}. */
    String env();

    /** {@code PLYSTRA_SESSION_SECRET}: HMAC key for session and API-key hashes. */
    String sessionSecret();

    Duration accessTokenTtl();

    Duration refreshTokenTtl();

    String requestIdHeader();

    Optional<String> trustedProxies();

    /**
     * {@code PLYSTRA_JWT_ISSUERS}: the identity providers whose JWTs a gateway may forward, as
     * {@code issuer=…,audience=…,jwks=<file>|pem=<file>[,claim=sub|email]} entries separated by {@code ;}.
     */
    Optional<String> jwtIssuers();

    Gateway gateway();

    interface Gateway {
        /** {@code PLYSTRA_GATEWAY_REDACT_QUERY}: query parameters whose values the audit row does not keep. */
        java.util.List<String> redactQuery();
    }

    Audit audit();

    BootstrapAdmin bootstrapAdmin();

    Demo demo();

    Metrics metrics();

    Cache cache();

    Login login();

    Authz authz();

    Consistency consistency();

    default boolean production() {
        return "production".equals(env());
    }

    interface Audit {
        /** {@code AUDIT_WRITE_MODE}: always, deny_only, disabled_for_dev. */
        String writeMode();

        /** {@code AUDIT_DURABILITY}: sync or async. */
        String durability();

        /** {@code AUDIT_BATCH_MAX_ROWS}: most rows in one group-commit INSERT. */
        int batchMaxRows();

        /** {@code AUDIT_BATCHES_IN_FLIGHT}: group-commit INSERTs that may be committing at the same time. */
        int batchesInFlight();

        /** {@code AUDIT_QUEUE_CAPACITY}: rows that may wait; beyond it decisions get 503 OVERLOADED. */
        int queueCapacity();

        /** {@code AUDIT_COMMIT_TIMEOUT}: the longest a sync decision waits for its audit row; then 503 OVERLOADED. */
        Duration commitTimeout();

        /** {@code AUDIT_CHECKPOINT_KEY}: HMAC key of the audit chain checkpoints (never stored in the database). */
        String checkpointKey();

        /**
         * {@code AUDIT_RETENTION_MONTHS}: keep the current month and this many whole months before it; older monthly
         * partitions are exported and dropped by the retention job. 0 (the default) keeps everything.
         */
        int retentionMonths();

        /** {@code AUDIT_RETENTION_EXPORT_DIR}: where the retention job writes each month's export before dropping it. */
        Optional<String> retentionExportDir();
    }

    interface BootstrapAdmin {
        Optional<String> email();

        Optional<String> password();
    }

    interface Cache {
        /** {@code PLYSTRA_CACHE_MAX_AGE}: the longest a cached snapshot is used without a change notification. */
        Duration maxAge();

        /**
         * {@code PLYSTRA_CACHE_MAX_MEMORY}: the estimated memory the eight caches (actors, targets,
         * registry, grants, teams, callers, attributes, column catalogues) may hold together; each gets an eighth.
         */
        io.quarkus.runtime.configuration.MemorySize maxMemory();

        /** The bytes one of the eight caches may hold. */
        default long bytesPerCache() {
            return maxMemory().asLongValue() / 8;
        }
    }

    interface Authz {
        /** {@code PLYSTRA_BATCH_MAX}: most items of one batch-check (1..1000). */
        int batchMax();
    }

    /** The consistency modes of decisions (docs/api.md, Consistency). */
    interface Consistency {
        /**
         * {@code PLYSTRA_CONSISTENCY_SECRET}: HMAC key of the revision tokens ({@code X-Plystra-Revision});
         * unset, the key drawn into the database by V018, shared by every instance on that database.
         */
        Optional<String> secret();

        /** {@code PLYSTRA_CONSISTENCY_WAIT_MS}: how long a decision waits for a token's revision before 409. */
        long waitMs();

        /** {@code PLYSTRA_STRICT_CHECKS_PER_SECOND}: decisions per second one caller may have read through to the database. */
        int strictChecksPerSecond();
    }

    interface Metrics {
        /** {@code METRICS_ENABLED}: serve {@code /metrics}; otherwise 404 {@code FEATURE_DISABLED}. */
        boolean enabled();

        /** {@code METRICS_TOKEN}: the bearer token a Prometheus scraper sends. */
        Optional<String> token();
    }

    interface Login {
        /** {@code PLYSTRA_LOGIN_MAX_FAILURES}: failed logins of one account from one client address before the lockout. */
        int maxFailures();

        /** {@code PLYSTRA_LOGIN_MAX_FAILURES_PER_IP}: failed logins from one client address, any account, before the lockout. */
        int maxFailuresPerIp();

        /** {@code PLYSTRA_LOGIN_WINDOW}: the window in which failures are counted. */
        Duration window();

        /** {@code PLYSTRA_LOGIN_LOCKOUT}: how long login answers 429 once the limit is reached. */
        Duration lockout();
    }

    interface Demo {
        /** Load the Finance Reviewer demo at start ({@code plystractl start-dev} sets it). */
        boolean seedAtStart();
    }
}
