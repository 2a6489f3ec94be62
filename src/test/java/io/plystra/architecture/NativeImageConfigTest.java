package io.plystra.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import de.mkammerer.argon2.Argon2;

/**
 * The native executable's build settings in application.properties (no native build runs here, so
 * what can be checked on the JVM is checked): the classes initialised at run time exist, the
 * resources included exist, and no other class keeps secure randomness or Argon2 in static state,
 * which a native build would make on the build machine and store in the image.
 */
class NativeImageConfigTest {

    static final String RUN_TIME = "--initialize-at-run-time=";

    @Test
    void runTimeInitialisedClassesAndIncludedResourcesExist() throws Exception {
        List<String> runTime = runTimeInitialised();
        assertTrue(runTime.containsAll(List.of("io.plystra.kernel.RandomBytes", "io.plystra.kernel.PasswordHasher",
                "com.sun.jna", "de.mkammerer.argon2")), runTime.toString());
        ClassLoader loader = getClass().getClassLoader();
        for (String name : runTime) {
            boolean isClass = loader.getResource(name.replace('.', '/') + ".class") != null;
            boolean isPackage = loader.getResource(name.replace('.', '/')) != null;
            assertTrue(isClass || isPackage, name + " is neither a class nor a package on the class path");
        }
        for (String resource : properties().getProperty("quarkus.native.resources.includes").split(",")) {
            assertNotNull(loader.getResource(resource.strip()), resource + " is not on the class path");
        }
    }

    @Test
    void onlyRunTimeInitialisedClassesHoldSecureRandomnessInStaticFields() throws Exception {
        List<String> runTime = runTimeInitialised();
        List<String> found = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.plystra")) {
            for (JavaField f : c.getFields()) {
                if (f.getModifiers().contains(JavaModifier.STATIC)
                        && (f.getRawType().isAssignableTo(Random.class) || f.getRawType().isAssignableTo(Argon2.class))
                        && !runTime.contains(c.getName())) {
                    found.add(c.getName() + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), found, "static secure randomness in a class initialised at build time");
    }

    static List<String> runTimeInitialised() throws IOException {
        List<String> names = new ArrayList<>();
        for (String arg : properties().getProperty("quarkus.native.additional-build-args").split(",")) {
            if (arg.strip().startsWith(RUN_TIME)) {
                names.add(arg.strip().substring(RUN_TIME.length()));
            }
        }
        return names;
    }

    static Properties properties() throws IOException {
        Properties p = new Properties();
        try (InputStream in = NativeImageConfigTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        return p;
    }
}
