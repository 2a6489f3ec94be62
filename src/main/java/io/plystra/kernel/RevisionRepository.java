package io.plystra.kernel;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The committed revision and the stored key of the revision tokens (V018), on the reactive pool. */
@ApplicationScoped
public class RevisionRepository {

    /** The latest committed revision: the sequence of the mutation chain (V018 {@code plystra_revision()}). */
    static final String REVISION_SQL = "SELECT plystra_revision()";
    static final String SECRET_SQL = "SELECT secret FROM revision_token_keys WHERE id = 1";

    private final Pool pool;

    public RevisionRepository(Pool pool) {
        this.pool = pool;
    }

    /** The latest committed revision. */
    public Uni<Long> committed() {
        return pool.query(REVISION_SQL).execute().map(rows -> {
            Long revision = rows.iterator().next().getLong(0);
            return revision == null ? 0L : revision;
        });
    }

    /** The key V018 drew into the database, shared by every instance on it. */
    public Uni<String> storedSecret() {
        return pool.query(SECRET_SQL).execute().map(rows -> {
            if (rows.size() == 0) {
                throw new IllegalStateException("revision_token_keys holds no key: set PLYSTRA_CONSISTENCY_SECRET");
            }
            return rows.iterator().next().getString(0);
        });
    }
}
