package io.plystra.cli;

import java.util.Arrays;

import io.plystra.platform.PlystraMain;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The executable's entry point ({@code java -jar quarkus-run.jar}, the native executable): no
 * argument, or {@code start} and the server's own arguments, runs the server
 * ({@link PlystraMain}); any other first argument is a {@link Plystractl} command, run without
 * starting Quarkus. So the native executable is the server and plystractl in one file
 * (bin/plystractl-native). It lives in the CLI's package because the runtime imports nothing of
 * the CLI (ArchitectureTest) while the CLI imports the runtime.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (args.length == 0 || args[0].equals("start")) {
            PlystraMain.main(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
        } else {
            Plystractl.main(args);
        }
    }
}
