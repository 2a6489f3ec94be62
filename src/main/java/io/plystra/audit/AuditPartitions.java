package io.plystra.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps the monthly audit partitions created ahead: at start (see platform/StartupTasks) and every
 * six hours while the service runs, so a long-lived instance never writes into the default partition.
 */
@ApplicationScoped
public class AuditPartitions {

    private static final Logger LOG = Logger.getLogger(AuditPartitions.class);
    static final Duration EVERY = Duration.ofHours(6);
    static final String ENSURE_SQL =
            "SELECT plystra_ensure_audit_partition(now() + make_interval(months => m)) FROM generate_series(0, 2) AS m";

    @Inject
    Pool pool;
    @Inject
    Vertx vertx;

    /** This month's and the next two months' partitions, over JDBC (start-up, {@code plystractl migrate up}). */
    public static void ensure(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ENSURE_SQL)) {
            ps.execute();
        }
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(EVERY.toMillis(), id -> pool.query(ENSURE_SQL).execute().subscribe().with(
                rows -> LOG.debug("audit partitions ensured"),
                failure -> LOG.warnf("audit partitions could not be ensured: %s", failure.getMessage())));
    }
}
