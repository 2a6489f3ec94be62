package io.plystra.authz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.plystra.authz.engine.ColumnCatalogue;
import io.plystra.authz.engine.ColumnDecisions;
import io.plystra.authz.engine.Decision;
import io.plystra.kernel.ApiException;
import io.plystra.registry.column.ColumnCatalogues;
import io.smallrye.mutiny.Uni;

/**
 * Column-level answers: the row-level decision as check makes it (same validation, permission, service-key rule and
 * audit row), then the type's column catalogue and groups ({@link ColumnCatalogues}, cached) through the pure
 * {@link ColumnDecisions}. The audit row's trace adds {@code columns}: what was asked, allowed and denied.
 */
@ApplicationScoped
public class ColumnService {

    static final int MAX_COLUMNS = 1000;

    private final AuthzService authz;
    private final ColumnCatalogues catalogues;

    public ColumnService(AuthzService authz, ColumnCatalogues catalogues) {
        this.authz = authz;
        this.catalogues = catalogues;
    }

    public Uni<ColumnResults.Check> check(ColumnsRequest body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        List<String> asked = columns(body.columns());
        return columns(body.check()).flatMap(cols -> {
            ColumnCatalogue catalogue = cols.catalogue();
            Function<Decision, ColumnDecisions.ColumnCheck> answer =
                    once(d -> ColumnDecisions.check(d, catalogue, cols.groups(), asked));
            return authz.decide(body.check(), d -> {
                ColumnDecisions.ColumnCheck c = answer.apply(d);
                Map<String, Object> trace = new LinkedHashMap<>();
                trace.put("kind", "check_columns");
                trace.put("asked", asked);
                trace.put("allow_all", c.allowAll());
                trace.put("denied", byCode(c.denied()));
                return Map.of("columns", trace);
            }).map(d -> ColumnResults.Check.of(d, answer.apply(d)));
        });
    }

    public Uni<ColumnResults.Allowed> allowed(AuthzRequest body) {
        if (body == null) {
            throw ApiException.validation("body", "must be a JSON object");
        }
        return columns(body).flatMap(cols -> {
            Function<Decision, ColumnDecisions.AllowedColumns> answer =
                    once(d -> ColumnDecisions.allowed(d, cols.catalogue(), cols.groups()));
            return authz.decide(body, d -> {
                ColumnDecisions.AllowedColumns a = answer.apply(d);
                Map<String, Object> trace = new LinkedHashMap<>();
                trace.put("kind", "allowed_columns");
                trace.put("allow_all", a.allowAll());
                trace.put("allowed", a.columns().stream().map(ColumnDecisions.AllowedColumn::column).toList());
                return Map.of("columns", trace);
            }).map(d -> ColumnResults.Allowed.of(d, answer.apply(d)));
        });
    }

    /**
     * The column answer of one call, computed once: for its audit trace (when the decision is audited) and for its
     * response. The decision differs between the two only by its audit row id, which the answer does not read.
     */
    private static <T> Function<Decision, T> once(Function<Decision, T> compute) {
        Object[] memo = new Object[1];
        return d -> {
            if (memo[0] == null) {
                memo[0] = compute.apply(d);
            }
            @SuppressWarnings("unchecked")
            T answer = (T) memo[0];
            return answer;
        };
    }

    /** The denied columns grouped by deny code, in the order asked: the audit row's compact form. */
    static Map<String, List<String>> byCode(List<ColumnDecisions.DeniedColumn> denied) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        denied.forEach(d -> out.computeIfAbsent(d.denyCode().name(), k -> new java.util.ArrayList<>()).add(d.column()));
        return out;
    }

    /**
     * The type's catalogue and groups, from their cache (evicted by change notifications whatever the request's
     * consistency); none for a body without a usable type (the check answers its 400).
     */
    private Uni<ColumnCatalogues.Columns> columns(AuthzRequest body) {
        String type = body.resourceType();
        if (type == null || type.isBlank() || type.length() > AuthzService.MAX_ID_LENGTH) {
            return Uni.createFrom().item(ColumnCatalogues.Columns.NONE);
        }
        return catalogues.load(type);
    }

    static List<String> columns(List<String> columns) {
        if (columns == null || columns.isEmpty() || columns.size() > MAX_COLUMNS) {
            throw ApiException.validation("columns", "must be an array of 1 to " + MAX_COLUMNS + " column names");
        }
        for (String c : columns) {
            if (c == null || c.isBlank() || c.length() > AuthzService.MAX_ID_LENGTH) {
                throw ApiException.validation("columns", "each column must be a non-blank name of at most "
                        + AuthzService.MAX_ID_LENGTH + " characters");
            }
        }
        return columns;
    }
}
