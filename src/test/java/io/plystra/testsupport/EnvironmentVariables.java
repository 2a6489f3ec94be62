package io.plystra.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The environment variables the application reads: ${VAR} in application.properties and names read in the sources. */
public final class EnvironmentVariables {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)");
    private static final Pattern SOURCE = Pattern.compile("(?:getenv|get|getOrDefault)\\(\"([A-Z][A-Z0-9_]+)\"");

    private EnvironmentVariables() {
    }

    public static Set<String> read() throws IOException {
        Set<String> names = new TreeSet<>();
        collect(PROPERTY, Files.readString(Path.of("src/main/resources/application.properties")), names);
        for (String root : new String[] {"src/main/java", "src/test/java/io/plystra/testsupport"}) {
            try (var files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    collect(SOURCE, Files.readString(f), names);
                }
            }
        }
        return names;
    }

    private static void collect(Pattern pattern, String text, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
