package io.plystra.platform;

import java.util.List;

import io.quarkus.runtime.Quarkus;

/**
 * The server's start (cli/Main, the {@code @QuarkusMain}, calls it when no operator command is
 * given): an environment it cannot run in (an unknown PLYSTRA_ENV, no database URL,
 * unsafe production settings) is refused before anything starts, one line per problem, exit 2.
 */
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
