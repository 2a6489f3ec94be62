package io.plystra.authz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine imports nothing but the JDK and itself: no Quarkus, Mutiny, Vert.x, Hibernate or Jackson. */
class EngineIsPureTest {

    static final Path ENGINE = Path.of("src/main/java/io/plystra/authz/engine");

    @Test
    void engineImportsOnlyTheJdk() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.list(ENGINE)) {
            offending = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).filter(EngineIsPureTest::foreign).map(l -> f.getFileName() + ": " + l))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void engineSourcesExist() throws IOException {
        try (Stream<Path> files = Files.list(ENGINE)) {
            assertFalse(files.toList().isEmpty(), "the scan above must see the engine sources");
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
        return line.startsWith("@") && !line.matches("@(Override|FunctionalInterface|SuppressWarnings|SafeVarargs)\\b.*");
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
