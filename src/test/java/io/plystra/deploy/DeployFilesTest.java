package io.plystra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.plystra.testsupport.EnvironmentVariables;

/**
 * No Docker engine runs here, so the deploy files are checked by reading them: ports, probe paths,
 * environment names and commands must agree with the application.
 */
class DeployFilesTest {

    static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void kubernetesDeploymentProbesPortsAndVariablesMatchTheApplication() throws IOException {
        JsonNode deployment = YAML.readTree(Path.of("deploy/deployment.yaml").toFile());
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertEquals(8080, container.at("/ports/0/containerPort").asInt());
        assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertTrue(container.at("/resources/limits/memory").isTextual(), "memory limit set");
        assertTrue(container.at("/resources/limits/cpu").isTextual(), "cpu limit set");
        Set<String> known = EnvironmentVariables.read();
        for (JsonNode env : container.get("env")) {
            assertTrue(known.contains(env.get("name").asText()), "unknown variable " + env.get("name"));
        }
        assertTrue(container.toString().contains("secretKeyRef"), "secrets come from a Secret");
        JsonNode service = YAML.readTree(Path.of("deploy/service.yaml").toFile());
        assertEquals("http", service.at("/spec/ports/0/targetPort").asText());
    }

    @Test
    void migrationJobRunsTheCliMigrationUnderAGeneratedNameAndIsCleanedUp() throws IOException {
        JsonNode job = YAML.readTree(Path.of("deploy/migration-job.yaml").toFile());
        JsonNode command = job.at("/spec/template/spec/containers/0/command");
        assertEquals(List.of("/app/bin/plystractl", "migrate", "up"), texts(command));
        assertTrue(job.at("/metadata/name").isMissingNode(), "a fixed name makes the second run fail");
        assertEquals("plystra-core-migrate-", job.at("/metadata/generateName").asText());
        assertTrue(job.at("/spec/ttlSecondsAfterFinished").asInt() > 0, "finished Jobs are deleted");
        assertEquals("plystra-core:jvm", job.at("/spec/template/spec/containers/0/image").asText(), "the image whose commands ContainerLayoutIT runs");
        String comments = Files.readString(Path.of("deploy/migration-job.yaml"));
        assertTrue(comments.contains("kubectl create -f") && !comments.contains("kubectl apply -f"),
                "generateName needs kubectl create");
        assertTrue(Files.readString(Path.of("Dockerfile.jvm")).contains("bin/plystractl-container /app/bin/plystractl"));
        assertTrue(Files.readString(Path.of("bin/plystractl-container")).contains("io.plystra.cli.Plystractl"));
    }

    @Test
    void autoscalingAndDisruptionBudgetTargetTheDeployment() throws IOException {
        assertEquals("plystra-core", YAML.readTree(Path.of("deploy/hpa.yaml").toFile()).at("/spec/scaleTargetRef/name").asText());
        JsonNode pdb = YAML.readTree(Path.of("deploy/pdb.yaml").toFile());
        assertEquals("plystra-core", pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText());
        JsonNode monitor = YAML.readTree(Path.of("deploy/servicemonitor.yaml").toFile());
        assertEquals("/metrics", monitor.at("/spec/endpoints/0/path").asText());
    }

    @Test
    void composeHasCoreAndPostgresWithHealthChecksVolumeAndOneShotMigration() throws IOException {
        JsonNode compose = YAML.readTree(Path.of("docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertTrue(services.has("plystra-core") && services.has("postgres") && services.has("migrate"));
        assertTrue(services.at("/plystra-core/healthcheck/test").toString().contains("/q/health/ready"));
        assertTrue(services.at("/postgres/healthcheck/test").toString().contains("pg_isready"));
        assertEquals(List.of("/app/bin/plystractl", "migrate", "up"), texts(services.at("/migrate/entrypoint")));
        assertEquals("service_completed_successfully", services.at("/plystra-core/depends_on/migrate/condition").asText());
        assertEquals("8080:8080", services.at("/plystra-core/ports/0").asText());
        assertTrue(compose.at("/volumes").has("plystra-pgdata"));
    }

    @Test
    void envExampleNamesOnlyKnownVariablesAndIsProductionSafe() throws IOException {
        Set<String> known = new java.util.HashSet<>(EnvironmentVariables.read());
        known.addAll(Set.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"));
        List<String> unknown = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String name = line.substring(0, line.indexOf('='));
                if (!known.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        assertEquals(List.of(), unknown);
        String example = Files.readString(Path.of(".env.example"));
        assertTrue(example.contains("PLYSTRA_ENV=production"));
        assertTrue(!example.contains("CORS_ALLOWED_ORIGINS=*"));
    }

    @Test
    void dockerfilesStartTheBuiltApplication() throws IOException {
        String jvm = Files.readString(Path.of("Dockerfile.jvm"));
        assertTrue(jvm.contains("target/quarkus-app/") && jvm.contains("EXPOSE 8080") && jvm.contains("USER 10001"));
        assertTrue(jvm.contains("ENTRYPOINT [\"/app/bin/plystractl\", \"start\"]"), "the flags live in one place: plystractl");
        String nativeFile = Files.readString(Path.of("Dockerfile.native"));
        assertTrue(nativeFile.contains("-Pnative") && nativeFile.contains("EXPOSE 8080"));
        assertTrue(nativeFile.contains("COPY --chown=1001:root bin/plystractl-native /app/bin/plystractl"), "the native image ships plystractl");
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<id>native</id>"));
    }

    @Test
    void hostAndImageLaunchersShareOneJvmMemoryChoiceThatFitsTheDeploymentLimit() throws IOException {
        String host = defaultJavaOpts(Path.of("bin/plystractl"));
        assertEquals(host, defaultJavaOpts(Path.of("bin/plystractl-container")));
        assertTrue(host.contains("-XX:+UseSerialGC"), host);
        assertTrue(!Files.readString(Path.of("Dockerfile.jvm")).contains("-Xmx")
                && !Files.readString(Path.of("Dockerfile.jvm")).contains("RAMPercentage"), "no second set of flags in the image");
        long heap = mebibytes(flag(host, "-Xmx"));
        long codeCache = mebibytes(flag(host, "-XX:ReservedCodeCacheSize="));
        JsonNode deployment = YAML.readTree(Path.of("deploy/deployment.yaml").toFile());
        long limit = mebibytes(deployment.at("/spec/template/spec/containers/0/resources/limits/memory").asText().replace("Mi", "m"));
        // Measured resident memory under load is 348-439 MiB with these flags (docs/benchmarks.md, "Sidecar-grade latency");
        // heap and code cache take at most their maximum, and 200 MiB is kept for metaspace,
        // thread stacks, direct buffers and the JVM itself.
        assertTrue(heap + codeCache + 200 <= limit, heap + " + " + codeCache + " + 200 MiB > the " + limit + " MiB limit");
        assertTrue(Files.readString(Path.of("docs/operations.md")).contains(host), "docs/operations.md names the flags");
    }

    @Test
    void nativeImagePlystractlHandsEveryCommandToTheOneExecutable() throws Exception {
        Path app = Files.createTempDirectory("plystra-native-layout");
        try {
            Files.createDirectories(app.resolve("bin"));
            Files.copy(Path.of("bin/plystractl-native"), app.resolve("bin/plystractl"));
            Path executable = app.resolve("plystra-core");
            Files.writeString(executable, "#!/bin/sh\necho \"native server $*\"\n");
            executable.toFile().setExecutable(true);
            Run start = run(app.resolve("bin/plystractl"), "start", "--flag");
            assertEquals(0, start.exit());
            assertEquals("native server start --flag", start.output().strip());
            Run migrate = run(app.resolve("bin/plystractl"), "migrate", "up");
            assertEquals(new Run(0, "native server migrate up\n"), migrate);
            Run none = run(app.resolve("bin/plystractl"));
            assertEquals(2, none.exit(), "plystractl alone lists the commands, it does not start the server");
            assertTrue(none.output().startsWith("usage: plystractl"), none.output());
        } finally {
            try (var paths = Files.walk(app)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Run(int exit, String output) {
    }

    static Run run(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Run(p.waitFor(), output);
    }

    /** The JVM flags a launcher script uses when JAVA_OPTS is unset: JAVA_OPTS="${JAVA_OPTS-...}". */
    static String defaultJavaOpts(Path script) throws IOException {
        var m = java.util.regex.Pattern.compile("(?m)^JAVA_OPTS=\"\\$\\{JAVA_OPTS-([^}]*)}\"$").matcher(Files.readString(script));
        assertTrue(m.find(), script + " sets default JAVA_OPTS");
        return m.group(1);
    }

    static String flag(String flags, String prefix) {
        for (String f : flags.split(" ")) {
            if (f.startsWith(prefix)) {
                return f.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + flags);
    }

    static long mebibytes(String size) {
        String s = size.toLowerCase();
        long n = Long.parseLong(s.replaceAll("[a-z]+$", ""));
        return switch (s.replaceAll("^[0-9]+", "")) {
            case "g" -> n * 1024;
            case "m" -> n;
            case "k" -> n / 1024;
            default -> throw new AssertionError("unexpected size " + size);
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
