package io.plystra.platform;

import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The server's entry point: an environment it cannot run in (an unknown PLYSTRA_ENV, no database URL,
 * unsafe production settings) is refused before anything starts, one line per problem, exit 2.
 */
@QuarkusMain
public final class PlystraMain {

    private PlystraMain() {
    }

    public static void main(String... args) {
        List<String> problems = ProductionSafety.startProblems(System.getenv());
        if (!problems.isEmpty()) {
            String mode = ProductionSafety.production(System.getenv()) ? "production mode refuses to start: " : "refusing to start: ";
            System.err.println("plystra: " + mode + String.join("; ", problems));
            System.exit(2);
        }
        Quarkus.run(args);
    }
}
