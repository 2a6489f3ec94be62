package io.plystra.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Whether this instance can serve: the database answers, no migration failed, and the schema is
 * the one this build expects or a newer one (migrations are written to be compatible with the
 * previous release's code, so the old instances keep serving while a rollout that migrated first
 * replaces them; docs/upgrade.md). An older schema is not ready: a migration is pending. Asked by
 * {@code /api/v1/ready} and by the SmallRye readiness probe; it asks the database every time, so it
 * recovers by itself.
 */
@ApplicationScoped
public class Readiness {

    /** The highest migration this build ships; a test keeps it equal to the newest file in db/migration. */
    public static final String EXPECTED_SCHEMA_VERSION = "022";
    public static final String TRACE_VERSION = "1.0";

    static final String SCHEMA_SQL = "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL "
            + "ORDER BY installed_rank DESC LIMIT 1";

    public record State(boolean ready, String schemaVersion, String problem) {

        public Map<String, Object> facts() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", ready ? "ready" : "not_ready");
            data.put("schema_version", schemaVersion);
            data.put("expected_schema_version", EXPECTED_SCHEMA_VERSION);
            data.put("trace_version", TRACE_VERSION);
            if (problem != null) {
                data.put("problem", problem);
            }
            return data;
        }
    }

    @Inject
    Pool pool;

    /** The state for the newest applied migration {@code version}, which {@code succeeded} or not. */
    static State of(String version, boolean succeeded) {
        if (!succeeded) {
            return new State(false, version, "migration " + version + " failed: see `plystractl migrate status`");
        }
        if (!version.matches("\\d{1,9}")) {
            return new State(false, version, "schema version " + version + " is not one of Plystra's migrations");
        }
        if (Integer.parseInt(version) < Integer.parseInt(EXPECTED_SCHEMA_VERSION)) {
            return new State(false, version, "schema version " + version + " is older than the expected "
                    + EXPECTED_SCHEMA_VERSION + ": run `plystractl migrate up`");
        }
        return new State(true, version, null);
    }

    public Uni<State> check() {
        return pool.preparedQuery(SCHEMA_SQL).execute()
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new State(false, null, "no migration applied: run `plystractl migrate up`");
                    }
                    var row = rows.iterator().next();
                    return of(row.getString(0), Boolean.TRUE.equals(row.getBoolean(1)));
                })
                .onFailure().recoverWithItem(e -> new State(false, null, "the database is unreachable"));
    }
}
