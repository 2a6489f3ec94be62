package io.plystra.platform;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.plystra.authz.engine.DenyCode;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Public;
import io.plystra.kernel.Requires;
import io.plystra.kernel.SessionOnly;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the OpenAPI document from what the code declares, so it cannot drift: every success
 * body in the envelope ({@code {data, request_id}}, lists with {@code pagination}), every operation's
 * error answers with the error envelope (401/403 from its {@link Requires}/{@link SessionOnly}
 * declaration, none on {@link Public} routes, which also need no credentials), the permission in the
 * operation's description, and the error and deny codes from their enums.
 * (Operation ids arrive as {@code package.Class_method}: quarkus.smallrye-openapi.operation-id-strategy.)
 * It runs in the build, not at every start: the package holds the completed document
 * (docs/benchmarks.md, "Start to ready").
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    private static final String ERROR = "#/components/schemas/ErrorEnvelope";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("ErrorCode", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                .description("Also <ENTITY>_NOT_FOUND and <ENTITY>_CONFLICT, e.g. USER_NOT_FOUND, ROLE_CONFLICT.")
                .enumeration(Arrays.stream(ErrorCode.values()).filter(c -> !c.name().startsWith("ENTITY_"))
                        .map(c -> (Object) c.name()).toList()));
        openAPI.getComponents().addSchema("DenyCode", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                .enumeration(Arrays.stream(DenyCode.values()).map(c -> (Object) c.name()).toList()));
        if (openAPI.getPaths() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            item.getOperations().forEach((method, operation) -> complete(operation, method, schemas));
        }
    }

    private static void complete(Operation operation, PathItem.HttpMethod httpMethod, Map<String, Schema> schemas) {
        Method method = resourceMethod(operation.getOperationId());
        if (method == null) {
            return;
        }
        operation.setOperationId(method.getDeclaringClass().getSimpleName().replace("Resource", "") + "_" + method.getName());
        APIResponses responses = operation.getResponses();
        if (responses != null && responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (status.startsWith("2")) {
                    envelope(response, schemas);
                }
            });
        }
        Requires requires = declared(method, Requires.class);
        boolean isPublic = declared(method, Public.class) != null;
        if (isPublic) {
            operation.setSecurity(List.of());
        } else {
            error(operation, ErrorCode.AUTHENTICATION_REQUIRED, "no valid bearer token (or, on session routes, an API key)");
        }
        if (requires != null) {
            error(operation, ErrorCode.ADMIN_PERMISSION_REQUIRED, "the caller lacks the admin permission " + requires.value());
            String where = switch (requires.scope()) {
                case INSTANCE -> "an instance-level grant";
                case SPACE -> "a grant over the whole space of the path";
                case GROUP -> "a grant over the space of the path or over a group in it (narrowed to its subtree)";
                case SOME_SPACE -> "a grant anywhere; the answer is narrowed to the spaces where it holds";
            };
            String note = "Needs the admin permission `" + requires.value() + "` (" + where + ")."
                    + (requires.serviceKeys() ? " A service's own key (`ply_svc_…`) may call it too, about its own service only." : "");
            operation.setDescription(operation.getDescription() == null ? note : operation.getDescription() + "\n\n" + note);
        } else if (declared(method, SessionOnly.class) != null) {
            String note = "Needs a user session; API keys and service keys are refused.";
            operation.setDescription(operation.getDescription() == null ? note : operation.getDescription() + "\n\n" + note);
        }
        boolean takesInput = operation.getRequestBody() != null || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        if (takesInput) {
            error(operation, ErrorCode.VALIDATION_FAILED, "VALIDATION_FAILED: a field is missing, malformed or of the wrong JSON type");
        }
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == org.eclipse.microprofile.openapi.models.parameters.Parameter.In.PATH)) {
            error(operation, ErrorCode.ENTITY_NOT_FOUND, "<ENTITY>_NOT_FOUND: the id names no row");
        }
        if (httpMethod != PathItem.HttpMethod.GET && !isPublic) {
            error(operation, ErrorCode.ENTITY_CONFLICT, "<ENTITY>_CONFLICT: a unique key is taken");
        }
        error(operation, ErrorCode.INTERNAL_ERROR, "INTERNAL_ERROR");
        error(operation, ErrorCode.NOT_READY, "NOT_READY (database unavailable) or OVERLOADED (audit log behind)");
    }

    /** Puts a success body inside {@code {data, request_id}}; a page's items become {@code data} beside {@code pagination}. */
    private static void envelope(APIResponse response, Map<String, Schema> schemas) {
        if (response.getContent() == null) {
            return;
        }
        for (MediaType media : response.getContent().getMediaTypes().values()) {
            Schema data = media.getSchema();
            if (data == null) {
                continue;
            }
            Schema envelope = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                    .required(List.of("data", "request_id"))
                    .addProperty("request_id", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)));
            Schema page = data.getRef() == null ? null : schemas.get(data.getRef().substring(data.getRef().lastIndexOf('/') + 1));
            if (page != null && page.getProperties() != null && page.getProperties().containsKey("items")
                    && page.getProperties().containsKey("pagination")) {
                envelope.addProperty("data", page.getProperties().get("items"))
                        .addProperty("pagination", page.getProperties().get("pagination"))
                        .required(List.of("data", "pagination", "request_id"));
            } else {
                envelope.addProperty("data", data);
            }
            media.setSchema(envelope);
        }
    }

    private static void error(Operation operation, ErrorCode kind, String description) {
        String status = Integer.toString(kind.status());
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        if (operation.getResponses().hasAPIResponse(status)) {
            return;
        }
        Content content = OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR)));
        operation.getResponses().addAPIResponse(status,
                OASFactory.createAPIResponse().description(description).content(content));
    }

    /** The resource method of an operation id {@code package.Class_method}; null when it names none. */
    static Method resourceMethod(String operationId) {
        int cut = operationId == null ? -1 : operationId.lastIndexOf('_');
        if (cut < 0) {
            return null;
        }
        try {
            Class<?> type = Class.forName(operationId.substring(0, cut), false, Thread.currentThread().getContextClassLoader());
            String name = operationId.substring(cut + 1);
            return Arrays.stream(type.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst().orElse(null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static <A extends java.lang.annotation.Annotation> A declared(Method method, Class<A> annotation) {
        A onMethod = method.getAnnotation(annotation);
        return onMethod != null ? onMethod : method.getDeclaringClass().getAnnotation(annotation);
    }
}
