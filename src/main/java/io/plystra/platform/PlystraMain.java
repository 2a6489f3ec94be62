package io.plystra.platform;

import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The server's entry point: production mode refuses unsafe settings before anything starts. */
@QuarkusMain
public final class PlystraMain {

    private PlystraMain() {
    }

    public static void main(String... args) {
        List<String> problems = ProductionSafety.problems(System.getenv());
        if (!problems.isEmpty()) {
            System.err.println("plystra: production mode refuses to start: " + String.join("; ", problems));
            System.exit(2);
        }
        Quarkus.run(args);
    }
}
