package io.plystra.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Ids;
import io.plystra.kernel.Page;
import io.plystra.kernel.PageRequest;
import io.plystra.kernel.RequestContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The audit routes' reads ({@link AuditLogRepository}). The route's {@code audit:read} is checked
 * before these run; a caller without it instance-wide sees only the rows of its spaces.
 */
@ApplicationScoped
public class AuditQueryService {

    /** {@code aud_<12 hex millis><16 hex random>} (see {@link AuditIds}). */
    static final Pattern ID = Pattern.compile("aud_([0-9a-f]{12})[0-9a-f]{16}");
    /**
     * How far created_at may lie from the time in the id. Writers take both from one clock reading;
     * the margin only keeps the lookup correct if a writer ever stamps the row a little later.
     * Either way the lookup touches at most two monthly partitions.
     */
    static final Duration ID_TIME_MARGIN = Duration.ofMinutes(1);

    @Inject
    AuditLogRepository logs;
    @Inject
    AuditProofs proofs;
    @Inject
    ObjectMapper json;
    @Inject
    RequestContext request;

    /** A page of rows, newest first: of the asked {@code space_id} (403 unless the caller reads it), else of the caller's spaces. */
    public Uni<Page<AuditLogView>> list(PageRequest page, AuditFilter filter) {
        Set<String> onlySpaces = request.onlySpaces();
        if (onlySpaces != null) {
            String asked = filter.equalTo().get("space_id");
            if (asked != null) {
                request.requireIn(asked);
                onlySpaces = null;
            }
        }
        return logs.page(page, filter, onlySpaces)
                .map(views -> Page.of(views, page.limit(), AuditLogView::createdAt, AuditLogView::id, v -> v));
    }

    /**
     * The export of the rows of the asked {@code space_id} (403 unless the caller reads it), else of
     * the caller's spaces. The checks run before the first line is sent.
     */
    public Multi<Buffer> export(AuditExport.Query query) {
        Set<String> onlySpaces = request.onlySpaces();
        if (onlySpaces != null && query.spaceId() != null) {
            request.requireIn(query.spaceId());
            onlySpaces = null;
        }
        return logs.export(query, onlySpaces);
    }

    /** The rows of one space ({@code /spaces/{space_id}/audit/logs}); 404 {@code SPACE_NOT_FOUND} for an unknown space. */
    public Uni<Page<AuditLogView>> listInSpace(String spaceId, PageRequest page, AuditFilter filter) {
        if (!Ids.wellFormed(spaceId)) {
            return Uni.createFrom().failure(ApiException.notFound("space", spaceId));
        }
        AuditFilter narrowed = filter.inSpace(spaceId);
        return logs.spaceExists(spaceId).flatMap(exists -> {
            if (!exists) {
                return Uni.createFrom().failure(ApiException.notFound("space", spaceId));
            }
            return list(page, narrowed);
        });
    }

    /**
     * One row with its trace. The time in the id bounds created_at, so PostgreSQL reads only the
     * partition(s) that can hold it. A malformed or unknown id is 404 {@code AUDIT_LOG_NOT_FOUND}.
     */
    public Uni<AuditLogDetail> get(String id) {
        Instant at = idTime(id);
        if (at == null) {
            return Uni.createFrom().failure(ApiException.notFound("audit_log", id));
        }
        return logs.find(id, at.minus(ID_TIME_MARGIN), at.plus(ID_TIME_MARGIN)).map(row -> {
            if (row == null) {
                throw ApiException.notFound("audit_log", id);
            }
            request.requireIn(row.view().spaceId());
            return new AuditLogDetail(row.view(), trace(row.trace()));
        });
    }

    /**
     * The inclusion proof of a row under its Merkle checkpoint, with the same scope as {@link #get}:
     * 404 for a malformed, unknown or out-of-reach id, 409 {@code NOT_YET_CHECKPOINTED} when no
     * checkpoint covers the row yet.
     */
    public Uni<AuditProof> proof(String id) {
        Instant at = idTime(id);
        if (at == null) {
            return Uni.createFrom().failure(ApiException.notFound("audit_log", id));
        }
        return proofs.place(id, at.minus(ID_TIME_MARGIN), at.plus(ID_TIME_MARGIN)).flatMap(place -> {
            if (place == null) {
                return Uni.createFrom().failure(ApiException.notFound("audit_log", id));
            }
            request.requireIn(place.spaceId());
            return proofs.proof(place);
        });
    }

    /** The time an audit id carries (its row's created_at, within {@link #ID_TIME_MARGIN}); null for a malformed id. */
    static Instant idTime(String id) {
        Matcher m = ID.matcher(id);
        return m.matches() ? Instant.ofEpochMilli(Long.parseLong(m.group(1), 16)) : null;
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
}
