package io.plystra.architecture;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

/** Who may run SQL: what the architecture rules count as a database API and as a data-access class. */
final class DataAccess {

    /** The data-access classes that are not repositories, each with its reason. */
    static final Set<String> CLASSES = Set.of(
            // The decision hot path: prepared statements on the reactive pool, no ORM session.
            "io.plystra.authz.SnapshotLoader",
            // Replay: a principal's state and grants as of an instant, from the change events, on the same pool.
            "io.plystra.authz.AsOfLoader",
            // lookup-resources and lookup-members: candidates from the grants side, on the same pool.
            "io.plystra.authz.LookupQueries",
            // The forward-auth hot path's route tables and JWT actors, likewise.
            "io.plystra.gateway.RouteTables",
            "io.plystra.gateway.GatewayActors",
            // The attributes and column catalogues decisions read, cached per subject and per type, likewise.
            "io.plystra.attribute.AttributeSnapshots",
            "io.plystra.registry.column.ColumnCatalogues",
            // The audit log's own writers: group commit on the pool, the mutation chain in the caller's
            // transaction (reactive and JDBC), signed checkpoints, monthly partitions.
            "io.plystra.audit.AuditWriter",
            "io.plystra.audit.MutationAudit",
            "io.plystra.audit.AuditCheckpoints",
            // An inclusion proof reads a chain's rows and their checkpoint on the pool, as AuditCheckpoints signs them.
            "io.plystra.audit.AuditProofs",
            "io.plystra.audit.AuditPartitions",
            // The export over JDBC (plystractl audit export, retention) with the route's query and lines.
            "io.plystra.audit.AuditExport",
            // Retention exports, then detaches and drops old partitions over JDBC, off the request path.
            "io.plystra.audit.AuditRetention",
            // The LISTEN connection of the change notifications.
            "io.plystra.kernel.ChangeListener",
            // Readiness probes the schema version; start-up runs JDBC before traffic (demo, bootstrap).
            "io.plystra.platform.Readiness",
            "io.plystra.platform.StartupTasks",
            "io.plystra.platform.DemoSeed",
            "io.plystra.session.grant.SuperAdminBootstrap");

    /** plystractl talks JDBC without booting Quarkus: the whole package is data access. */
    static final String CLI = "io.plystra.cli";

    /** The reactive pool and its statements, JDBC, and Hibernate's native queries. */
    static final DescribedPredicate<JavaClass> SQL_API = DescribedPredicate.describe("a database API",
            c -> !c.getSimpleName().endsWith("Exception") && (c.getPackageName().startsWith("io.vertx.sqlclient")
                    || c.getPackageName().startsWith("io.vertx.mutiny.sqlclient")
                    || c.getPackageName().startsWith("io.vertx.pgclient")
                    || c.getPackageName().startsWith("io.vertx.mutiny.pgclient")
                    || c.getPackageName().equals("java.sql")
                    || c.getPackageName().equals("javax.sql")
                    || c.getName().equals("org.hibernate.reactive.mutiny.Mutiny$Session")
                    || c.getName().equals("io.quarkus.hibernate.reactive.panache.Panache")));

    private DataAccess() {
    }

    static DescribedPredicate<JavaClass> notDataAccess() {
        return DescribedPredicate.describe("are not repositories or named data-access classes",
                c -> !c.getSimpleName().endsWith("Repository") && !CLASSES.contains(c.getName())
                        && !CLASSES.contains(c.getEnclosingClass().map(JavaClass::getName).orElse(""))
                        && !c.getPackageName().equals(CLI));
    }
}
