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
    void migrationJobRunsTheCliMigration() throws IOException {
        JsonNode job = YAML.readTree(Path.of("deploy/migration-job.yaml").toFile());
        JsonNode command = job.at("/spec/template/spec/containers/0/command");
        assertEquals(List.of("/app/bin/plystractl", "migrate", "up"), texts(command));
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
        assertTrue(jvm.contains("quarkus-run.jar") && jvm.contains("EXPOSE 8080") && jvm.contains("USER 10001"));
        String nativeFile = Files.readString(Path.of("Dockerfile.native"));
        assertTrue(nativeFile.contains("-Pnative") && nativeFile.contains("EXPOSE 8080"));
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<id>native</id>"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
