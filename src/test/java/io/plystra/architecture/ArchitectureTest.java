package io.plystra.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The walls of docs/architecture.md. Each rule names what it protects; a change that breaks one
 * fails the build here, with the offending dependency in the message.
 */
@AnalyzeClasses(packages = "io.plystra", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No two packages depend on each other, directly or around a loop. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.plystra.(**)").should().beFreeOfCycles();

    /** The engine is plain Java: no framework, no I/O, nothing of the rest of Plystra. */
    @ArchTest
    static final ArchRule engineIsPure = classes().that().resideInAPackage("io.plystra.authz.engine")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.plystra.authz.engine", "java..");

    /** The gateway's route matcher is plain Java too: what a path means is decided without a framework. */
    @ArchTest
    static final ArchRule routingIsPure = classes().that().resideInAPackage("io.plystra.gateway.routing")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.plystra.gateway.routing", "java..");

    /** The kernel knows no feature. */
    @ArchTest
    static final ArchRule kernelKnowsNoFeature = noClasses().that().resideInAPackage("io.plystra.kernel..")
            .should().dependOnClassesThat(featureOutside("io.plystra.kernel"))
            .because("the kernel is what every feature stands on");

    /** The audit log stores what it is given: it imports the kernel and nothing of the features. */
    @ArchTest
    static final ArchRule auditImportsNoFeature = noClasses().that().resideInAPackage("io.plystra.audit..")
            .should().dependOnClassesThat(featureOutside("io.plystra.audit"));

    /** plystractl is a client of the services; nothing in the runtime imports it. */
    @ArchTest
    static final ArchRule nothingImportsTheCli = noClasses().that().resideOutsideOfPackage("io.plystra.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.plystra.cli..");

    /** Resources speak HTTP and call services; they never hold a database connection or an ORM session. */
    @ArchTest
    static final ArchRule resourcesRunNoSql = noClasses().that().areAnnotatedWith(jakarta.ws.rs.Path.class)
            .should().dependOnClassesThat(DataAccess.SQL_API);

    /** SQL runs in repositories and in the few named data-access classes of DataAccess.CLASSES. */
    @ArchTest
    static final ArchRule onlyDataAccessRunsSql = noClasses().that(DataAccess.notDataAccess())
            .should().dependOnClassesThat(DataAccess.SQL_API);

    /** A class of Plystra outside {@code own} and outside the kernel. */
    static DescribedPredicate<JavaClass> featureOutside(String own) {
        return DescribedPredicate.describe("a feature class outside " + own,
                c -> c.getPackageName().startsWith("io.plystra.") && !c.getPackageName().startsWith(own)
                        && !c.getPackageName().startsWith("io.plystra.kernel"));
    }
}
