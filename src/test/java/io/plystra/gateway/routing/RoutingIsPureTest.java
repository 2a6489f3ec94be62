package io.plystra.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The route matcher imports nothing but the JDK and itself: no Quarkus, Mutiny, Vert.x, Hibernate, Jackson or
 * Jakarta. The gateway around it may use them; the rules of what a path means stay testable in plain Java.
 */
class RoutingIsPureTest {

    static final Path ROUTING = Path.of("src/main/java/io/plystra/gateway/routing");

    @Test
    void routingImportsOnlyTheJdk() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.list(ROUTING)) {
            offending = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).filter(RoutingIsPureTest::foreign).map(l -> f.getFileName() + ": " + l))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void routingSourcesExist() throws IOException {
        try (Stream<Path> files = Files.list(ROUTING)) {
            assertFalse(files.toList().isEmpty(), "the scan above must see the routing sources");
        }
    }

    /** An import from outside the JDK, a framework name written out in full, or a non-JDK annotation. */
    private static boolean foreign(String line) {
        if (line.matches(".*\\b(io\\.quarkus|io\\.smallrye|io\\.vertx|org\\.hibernate|com\\.fasterxml|jakarta)\\..*")) {
            return true;
        }
        if (line.startsWith("import ")) {
            return !line.matches("import (static )?java\\..*");
        }
        return line.startsWith("@")
                && !line.matches("@(Override|FunctionalInterface|SuppressWarnings|SafeVarargs)\\b.*");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
