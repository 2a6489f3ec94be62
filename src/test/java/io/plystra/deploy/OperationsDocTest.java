package io.plystra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.EnvironmentVariables;

/** docs/operations.md documents exactly the environment variables the application reads. */
class OperationsDocTest {

    @Test
    void configurationReferenceMatchesTheApplication() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]+)` \\|").matcher(Files.readString(Path.of("docs/operations.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertEquals(EnvironmentVariables.read(), documented);
    }
}
