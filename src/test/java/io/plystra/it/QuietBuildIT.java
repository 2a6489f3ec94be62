package io.plystra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A green build is quiet: the tests' output is captured per class (surefire's
 * {@code *-output.txt}), and every ERROR line in it is one a test provokes on purpose. Any other
 * error, and any 500 in the request log, fails the build with the line and the class that printed it.
 */
class QuietBuildIT {

    /** Each ERROR a test provokes on purpose, and which. */
    static final Map<Pattern, String> EXPECTED = Map.of(
            Pattern.compile("\"level\":\"ERROR\".*\"status\":503"),
            "503 answers while the database is down or the audit writer stalls (reliability tests)",
            Pattern.compile("ERROR \\[io\\.plystra\\.kernel\\.ErrorMapper\\].*unexpected failure .*ERROR: other \\(XX000\\)"),
            "ControlCharacterInputTest hands the error mapper an unknown database error",
            Pattern.compile("ERROR \\[io\\.plystra\\.audit\\.AuditWriter\\].*audit batch of \\d+ rows failed: .*(connection|Connection)"),
            "DatabaseOutageTest stops the database while checks are in flight (their requests answer 503)",
            Pattern.compile("ERROR \\[io\\.quarkus\\.vertx\\.core\\.runtime\\.VertxCoreRecorder\\].*Result is already complete"),
            "the SQL pool's acquisition timer firing after its request completed, while a test's database restarts",
            Pattern.compile("ERROR \\[io\\.netty\\.util\\.concurrent\\.DefaultPromise\\.rejectedExecution\\] \\(Finalizer\\) "
                    + "Failed to submit a listener notification task\\. Event loop shut down\\?"),
            "the JVM's finalizer closing a channel of a Quarkus boot that a test profile change stopped (UpgradeTest, "
                    + "DemoProfile and the other profiles each boot their own application)");

    /** A log record at ERROR (text or JSON format), or a request answered 500. */
    static final Pattern ERROR = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d [\\d:,.]+ ERROR |\"level\":\"ERROR\"|\"status\":500[,}]");

    @Test
    void everyErrorInTheTestOutputIsAnExpectedOne() throws IOException {
        Path reports = Path.of("target/surefire-reports");
        assumeTrue(Files.isDirectory(reports), "no unit-test output to read");
        List<String> unexpected = new ArrayList<>();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-output.txt")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (ERROR.matcher(line).find() && EXPECTED.keySet().stream().noneMatch(p -> p.matcher(line).find())) {
                        unexpected.add(file.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), unexpected, "errors no test expects");
    }
}
