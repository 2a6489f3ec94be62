package io.plystra.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.Public;
import io.smallrye.mutiny.Uni;

/** The public operational routes: health (process up), ready (database and schema), version. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirements
@Tag(name = "Operations")
public class HealthResource {

    @Inject
    Readiness readiness;

    @GET
    @Path("/health")
    @Public
    @Operation(summary = "Whether the process is up")
    public Map<String, Object> health() {
        return Map.of("status", "ok");
    }

    @GET
    @Path("/ready")
    @Public
    @Operation(summary = "Whether the database is reachable and its schema current; 503 NOT_READY otherwise")
    public Uni<Map<String, Object>> ready() {
        return readiness.check().map(state -> {
            if (!state.ready()) {
                throw new ApiException(ErrorCode.NOT_READY, state.problem(), state.facts());
            }
            return state.facts();
        });
    }

    @GET
    @Path("/version")
    @Public
    @Operation(summary = "The build, API, schema, trace and registry versions")
    public Uni<Map<String, Object>> version() {
        return readiness.check().map(Readiness.State::schemaVersion).map(version -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("core_version", BuildInfo.VERSION);
            data.put("api_version", "v1");
            data.put("schema_version", version);
            data.put("expected_schema_version", Readiness.EXPECTED_SCHEMA_VERSION);
            data.put("trace_version", Readiness.TRACE_VERSION);
            data.put("resource_registry_version", "1.0");
            data.put("build_commit", BuildInfo.COMMIT);
            data.put("build_time", BuildInfo.TIME);
            return data;
        });
    }
}
