package io.plystra.platform;

import io.plystra.audit.AuditPartitions;
import io.plystra.kernel.PlystraConfig;
import io.plystra.kernel.RequestInfo;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

import io.plystra.platform.DemoSeed;
import io.plystra.session.grant.SuperAdminBootstrap;
import io.quarkus.runtime.StartupEvent;

/**
 * What the server does once at start, before it takes traffic (Quarkus has applied the migrations
 * already outside production; PlystraMain has refused an unusable environment): create the audit
 * partitions ahead, load the demo when asked, and create the first super admin from
 * {@code PLYSTRA_BOOTSTRAP_ADMIN_*} when none exists.
 */
@ApplicationScoped
public class StartupTasks {

    private static final Logger LOG = Logger.getLogger(StartupTasks.class);
    /** The user agent of the audit rows that start-up writes. */
    static final String TOOL = "plystra-startup";

    @Inject
    PlystraConfig config;
    @Inject
    Flyway flyway;
    @Inject
    DataSource dataSource;

    void onStart(@Observes StartupEvent event) throws SQLException {
        if (config.production() && flyway.info().pending().length > 0) {
            LOG.warn("migrations are pending: run `plystractl migrate up`; /api/v1/ready answers 503 until then");
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            AuditPartitions.ensure(c);
            if (config.demo().seedAtStart()) {
                DemoSeed.run(c, RequestInfo.system(TOOL));
                LOG.info("Finance Reviewer demo loaded");
            }
            var email = config.bootstrapAdmin().email().filter(e -> !e.isBlank());
            if (email.isPresent()) {
                char[] password = config.bootstrapAdmin().password().orElse("").toCharArray();
                var outcome = SuperAdminBootstrap.run(c, RequestInfo.system(TOOL), email.get(), password,
                        SuperAdminBootstrap.Policy.ONLY_IF_NONE);
                if (outcome == SuperAdminBootstrap.Outcome.SKIPPED_SUPER_ADMIN_EXISTS) {
                    LOG.debugf("bootstrap super admin %s: a super admin exists, nothing to do", email.get());
                } else {
                    LOG.infof("bootstrap super admin %s: %s", email.get(), outcome);
                }
            }
        }
    }
}
