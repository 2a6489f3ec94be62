package io.plystra.audit;

import io.plystra.kernel.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.Caller;
import io.plystra.identity.ReferenceRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads audit rows with prepared statements on the reactive pool (audit_logs is partitioned and has
 * no entity). Lists are newest first by (created_at, id) with keyset pages; every value is a bound
 * parameter. A caller without an instance-level {@code audit:read} sees only the rows of its spaces.
 */
@ApplicationScoped
public class AuditQueryService {

    static final String PERMISSION = "audit:read";
    static final String COLUMNS = "id, space_id, actor_user_id, actor_member_id, actor_user_member_id, action, resource_type, "
            + "resource_id, decision, deny_code, request_id, ip_address, user_agent, created_at";
    /** {@code aud_<12 hex millis><16 hex random>} (see {@link AuditIds}). */
    static final Pattern ID = Pattern.compile("aud_([0-9a-f]{12})[0-9a-f]{16}");
    /**
     * How far created_at may lie from the time in the id. Writers take both from one clock reading;
     * the margin only keeps the lookup correct if a writer ever stamps the row a little later.
     * Either way the lookup touches at most two monthly partitions.
     */
    static final Duration ID_TIME_MARGIN = Duration.ofMinutes(1);

    private final Pool pool;
    private final ObjectMapper json;

    public AuditQueryService(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Page<AuditLogView>> list(Caller caller, PageRequest page, AuditFilter filter) {
        Set<String> onlySpaces = null;
        if (!caller.instanceWide(PERMISSION)) {
            String asked = filter.equalTo().get("space_id");
            if (asked != null) {
                caller.require(PERMISSION, asked);
            } else {
                onlySpaces = caller.spacesWith(PERMISSION);
            }
        }
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
        return pool.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<AuditLogView> views = new ArrayList<>();
            for (Row r : rows) {
                views.add(view(r));
            }
            return Page.of(views, page.limit(), AuditLogView::createdAt, AuditLogView::id, v -> v);
        });
    }

    /** The rows of one space ({@code /spaces/{id}/audit/logs}); 404 {@code SPACE_NOT_FOUND} for an unknown space. */
    public Uni<Page<AuditLogView>> listInSpace(Caller caller, String spaceId, PageRequest page, AuditFilter filter) {
        caller.require(PERMISSION, spaceId);
        if (!Ids.wellFormed(spaceId)) {
            return Uni.createFrom().failure(ApiException.notFound("space", spaceId));
        }
        AuditFilter narrowed = filter.inSpace(spaceId);
        return pool.preparedQuery("SELECT 1 FROM spaces WHERE id = $1").execute(Tuple.of(spaceId)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().failure(ApiException.notFound("space", spaceId));
            }
            return list(caller, page, narrowed);
        });
    }

    /**
     * One row with its trace. The time in the id bounds created_at, so PostgreSQL reads only the
     * partition(s) that can hold it. A malformed or unknown id is 404 {@code AUDIT_LOG_NOT_FOUND}.
     */
    public Uni<AuditLogDetail> get(Caller caller, String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            return Uni.createFrom().failure(ApiException.notFound("audit_log", id));
        }
        Instant at = Instant.ofEpochMilli(Long.parseLong(m.group(1), 16));
        Tuple args = Tuple.tuple().addString(id)
                .addOffsetDateTime(at.minus(ID_TIME_MARGIN).atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(at.plus(ID_TIME_MARGIN).atOffset(ZoneOffset.UTC));
        return pool.preparedQuery("SELECT " + COLUMNS + ", plystra_expand_trace(trace)::text FROM audit_logs WHERE id = $1 "
                        + "AND created_at >= $2 AND created_at < $3").execute(args)
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ApiException.notFound("audit_log", id);
                    }
                    Row r = rows.iterator().next();
                    AuditLogView view = view(r);
                    caller.require(PERMISSION, view.spaceId());
                    return new AuditLogDetail(view, trace(r.getString(14)));
                });
    }

    private JsonNode trace(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored trace is not JSON", e);
        }
    }

    private static AuditLogView view(Row r) {
        return new AuditLogView(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                r.getString(11), r.getString(12), r.getOffsetDateTime(13).toInstant());
    }
}
