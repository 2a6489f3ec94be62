package io.plystra.architecture;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;

/** Who may run SQL: what the architecture rules count as a database API and as a data-access class. */
final class DataAccess {

    /**
     * The data-access classes that are not repositories, each with its reason: the decision hot path
     * (prepared statements on the reactive pool, no ORM session), the audit log's own writers and
     * readers, the change listener, readiness and the command line (JDBC, no Quarkus).
     */
    static final Set<String> CLASSES = Set.of();

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
                        && !CLASSES.contains(c.getEnclosingClass().map(JavaClass::getName).orElse("")));
    }
}
