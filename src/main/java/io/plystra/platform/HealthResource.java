package io.plystra.platform;

import io.plystra.kernel.Public;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.ApiResponse;
import io.plystra.kernel.RequestIds;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;

import io.smallrye.mutiny.Uni;

/** The public operational routes: health (process up), ready (database and schema), version. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirements
public class HealthResource {

    private final Readiness readiness;

    public HealthResource(Readiness readiness) {
        this.readiness = readiness;
    }

    @GET
    @Path("/health")
    @Public
    public ApiResponse<Map<String, Object>> health(HttpHeaders headers) {
        return ApiResponse.of(Map.of("status", "ok"), RequestIds.of(headers));
    }

    @GET
    @Path("/ready")
    @Public
    public Uni<ApiResponse<Map<String, Object>>> ready(HttpHeaders headers) {
        return readiness.check().map(state -> {
            if (!state.ready()) {
                throw new ApiException(ErrorCode.NOT_READY, state.problem(), state.facts());
            }
            return ApiResponse.of(state.facts(), RequestIds.of(headers));
        });
    }

    @GET
    @Path("/version")
    @Public
    public Uni<ApiResponse<Map<String, Object>>> version(HttpHeaders headers) {
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
            return ApiResponse.of(data, RequestIds.of(headers));
        });
    }
}
