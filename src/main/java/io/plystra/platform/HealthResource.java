package io.plystra.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The public operational routes: health (process up), ready (database and schema), version. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    /** The highest migration this build ships; a test keeps it equal to the newest file in db/migration. */
    public static final String EXPECTED_SCHEMA_VERSION = "002";
    public static final String TRACE_VERSION = "1.0";

    static final String SCHEMA_SQL = "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
            + "ORDER BY installed_rank DESC LIMIT 1";

    private final Pool pool;

    public HealthResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Path("/health")
    public ApiResponse<Map<String, Object>> health(HttpHeaders headers) {
        return ApiResponse.of(Map.of("status", "ok"), RequestIds.of(headers));
    }

    @GET
    @Path("/ready")
    public Uni<ApiResponse<Map<String, Object>>> ready(HttpHeaders headers) {
        return schemaVersion()
                .onFailure().transform(e -> ApiException.unavailable("NOT_READY", "the database is unreachable"))
                .map(version -> {
                    if (!EXPECTED_SCHEMA_VERSION.equals(version)) {
                        throw new ApiException(503, "NOT_READY", "schema version " + version + " is not the expected "
                                + EXPECTED_SCHEMA_VERSION + ": run `plystractl migrate up`",
                                Map.of("schema_version", String.valueOf(version), "expected_schema_version", EXPECTED_SCHEMA_VERSION));
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("status", "ready");
                    data.put("schema_version", version);
                    data.put("expected_schema_version", EXPECTED_SCHEMA_VERSION);
                    data.put("trace_version", TRACE_VERSION);
                    return ApiResponse.of(data, RequestIds.of(headers));
                });
    }

    @GET
    @Path("/version")
    public Uni<ApiResponse<Map<String, Object>>> version(HttpHeaders headers) {
        return schemaVersion().onFailure().recoverWithNull().map(version -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("core_version", BuildInfo.VERSION);
            data.put("api_version", "v1");
            data.put("schema_version", version);
            data.put("expected_schema_version", EXPECTED_SCHEMA_VERSION);
            data.put("trace_version", TRACE_VERSION);
            data.put("resource_registry_version", "1.0");
            data.put("build_commit", BuildInfo.COMMIT);
            data.put("build_time", BuildInfo.TIME);
            return ApiResponse.of(data, RequestIds.of(headers));
        });
    }

    private Uni<String> schemaVersion() {
        return pool.preparedQuery(SCHEMA_SQL).execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }
}
