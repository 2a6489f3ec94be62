package io.plystra.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.plystra.kernel.PageRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads audit rows with prepared statements on the reactive pool (audit_logs is partitioned and has
 * no entity). Lists are newest first by (created_at, id) with keyset pages; every value is a bound
 * parameter.
 */
@ApplicationScoped
public class AuditLogRepository {

    static final String COLUMNS = "id, space_id, actor_user_id, actor_member_id, actor_user_member_id, action, resource_type, "
            + "resource_id, decision, deny_code, request_id, ip_address, user_agent, created_at";

    @Inject
    Pool pool;

    /** Up to {@code limit + 1} rows after the cursor, newest first; {@code onlySpaces} null means every space. */
    public Uni<List<AuditLogView>> page(PageRequest page, AuditFilter filter, Set<String> onlySpaces) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_logs WHERE true");
        Tuple args = Tuple.tuple();
        for (Map.Entry<String, String> e : filter.equalTo().entrySet()) {
            // The column name comes from AuditFilter.COLUMNS, never from the request.
            sql.append(" AND ").append(e.getKey()).append(" = $").append(args.size() + 1);
            args.addString(e.getValue());
        }
        if (onlySpaces != null) {
            sql.append(" AND space_id = ANY($").append(args.size() + 1).append(")");
            args.addArrayOfString(onlySpaces.toArray(String[]::new));
        }
        if (filter.from() != null) {
            sql.append(" AND created_at >= $").append(args.size() + 1);
            args.addOffsetDateTime(filter.from().atOffset(ZoneOffset.UTC));
        }
        if (filter.to() != null) {
            sql.append(" AND created_at < $").append(args.size() + 1);
            args.addOffsetDateTime(filter.to().atOffset(ZoneOffset.UTC));
        }
        if (!page.first()) {
            int at = args.size() + 1;
            sql.append(" AND created_at <= $").append(at).append(" AND (created_at, id) < ($").append(at)
                    .append(", $").append(at + 1).append(")");
            args.addOffsetDateTime(page.afterCreatedAt().atOffset(ZoneOffset.UTC)).addString(page.afterId());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ").append(page.limit() + 1);
        // A plan for these values, not the prepared statement's generic plan: without the values PostgreSQL
        // guesses a few matching rows and sorts all of them instead of reading the partitions' indexes in
        // order (1.9 s instead of milliseconds for an actor with 10^6 rows; docs/benchmarks.md).
        return pool.withTransaction(c -> c.query("SET LOCAL plan_cache_mode = force_custom_plan").execute()
                .flatMap(set -> c.preparedQuery(sql.toString()).execute(args))).map(rows -> {
            List<AuditLogView> views = new ArrayList<>();
            for (Row r : rows) {
                views.add(view(r));
            }
            return views;
        });
    }

    /**
     * The row {@code id} with its expanded trace as JSON text, or null; {@code from} (inclusive) and
     * {@code to} (exclusive) bound created_at, so PostgreSQL reads only the partitions that can hold it.
     */
    public Uni<Stored> find(String id, Instant from, Instant to) {
        Tuple args = Tuple.tuple().addString(id)
                .addOffsetDateTime(from.atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(to.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery("SELECT " + COLUMNS + ", plystra_expand_trace(trace)::text FROM audit_logs WHERE id = $1 "
                        + "AND created_at >= $2 AND created_at < $3").execute(args)
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return new Stored(view(r), r.getString(14));
                });
    }

    /**
     * The export's lines and its trailer (RESTEasy ends each NDJSON element with a newline), read with a server-side cursor
     * in a read-only transaction of one pooled connection: {@link AuditExport#FETCH} rows at a time,
     * as the response asks for them. {@code onlySpaces} null means every space.
     */
    public Multi<Buffer> export(AuditExport.Query query, Set<String> onlySpaces) {
        AtomicReference<AuditExport.Cursor> last = new AtomicReference<>(query.after());
        return Multi.createFrom().resourceFromUni(
                        () -> pool.getConnection().flatMap(c -> c.begin().map(tx -> Tuple2.of(c, tx))),
                        open -> {
                            Multi<Row> chained = part(open.getItem1(), query, onlySpaces, true);
                            return query.includesUnchained()
                                    ? Multi.createBy().concatenating().streams(part(open.getItem1(), query, onlySpaces, false), chained)
                                    : chained;
                        })
                .withFinalizer(AuditLogRepository::close)
                .map(row -> {
                    AuditExport.Line line = AuditExport.line(row::getString, row::getLong, i -> row.getOffsetDateTime(i).toInstant());
                    last.set(line.cursor());
                    return Buffer.buffer(line.json());
                })
                .onCompletion().continueWith(() -> List.of(Buffer.buffer(AuditExport.trailer(last.get()))));
    }

    /** One part of the export ({@link AuditExport.Query#sql}), streamed from its own server-side cursor when subscribed. */
    private static Multi<Row> part(SqlConnection c, AuditExport.Query query, Set<String> onlySpaces, boolean chained) {
        List<Object> args = new ArrayList<>();
        String sql = query.sql(n -> "$" + n, args, onlySpaces, chained);
        return c.prepare(sql).onItem().transformToMulti(statement -> statement.createStream(AuditExport.FETCH, Tuple.from(args)).toMulti());
    }

    /** Ends the export's read-only transaction (nothing to keep) and returns the connection to the pool. */
    private static Uni<Void> close(Tuple2<SqlConnection, Transaction> open) {
        return open.getItem2().rollback().eventually(open.getItem1()::close);
    }

    /** The head of the mutation chain: the place of its last committed row (0 before the first). */
    public Uni<Long> mutationHead() {
        return pool.preparedQuery("SELECT chain_seq FROM audit_chain_heads WHERE chain_id = $1").execute(Tuple.of(AuditChain.MUTATIONS))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Up to {@code limit} rows of the mutation chain after {@code after}, in chain order, of {@code spaceId} and of
     * {@code onlySpaces} (each null: every space), read with the chain's committed head in one statement: the rows
     * up to that head are all committed (each mutation locks the head until it ends), so none can appear later
     * before the ones returned.
     */
    public Uni<ChangeFeed.Batch> changesAfter(long after, String spaceId, Set<String> onlySpaces, int limit) {
        Tuple args = Tuple.of(AuditChain.MUTATIONS, after, spaceId, onlySpaces == null ? null : onlySpaces.toArray(String[]::new), limit);
        return pool.preparedQuery(CHANGES_SQL).execute(args).map(rows -> {
            long head = after;
            List<Change> changes = new ArrayList<>();
            for (Row r : rows) {
                head = Math.max(head, r.getLong(0));
                if (r.getLong(1) != null) {
                    changes.add(new Change(r.getLong(1), r.getString(2), r.getOffsetDateTime(3).toInstant(), r.getString(4),
                            r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
                }
            }
            return new ChangeFeed.Batch(changes, changes.size() == limit ? changes.get(limit - 1).seq() : head);
        });
    }

    static final String CHANGES_SQL = """
            SELECT h.chain_seq, a.chain_seq, a.id, a.created_at, a.action, a.resource_type, a.resource_id, a.space_id,
                   a.actor_user_id, (a.trace -> 'after')::text, (a.trace -> 'facts')::text
            FROM audit_chain_heads h LEFT JOIN LATERAL (
                SELECT chain_seq, id, created_at, action, resource_type, resource_id, space_id, actor_user_id,
                       plystra_expand_trace(trace) AS trace
                FROM audit_logs
                WHERE chain_id = h.chain_id AND chain_seq > $2 AND chain_seq <= h.chain_seq
                  AND ($3::text IS NULL OR space_id = $3) AND ($4::text[] IS NULL OR space_id = ANY($4))
                ORDER BY chain_seq LIMIT $5) a ON true
            WHERE h.chain_id = $1
            ORDER BY a.chain_seq""";

    /** Whether the space exists (the space's own audit list is 404 for an unknown one). */
    public Uni<Boolean> spaceExists(String spaceId) {
        return pool.preparedQuery("SELECT 1 FROM spaces WHERE id = $1").execute(Tuple.of(spaceId)).map(rows -> rows.size() > 0);
    }

    private static AuditLogView view(Row r) {
        return new AuditLogView(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12), r.getOffsetDateTime(13).toInstant());
    }

    /** A row as stored: its listed columns and its expanded trace (JSON text, null when it has none). */
    public record Stored(AuditLogView view, String trace) {
    }
}
