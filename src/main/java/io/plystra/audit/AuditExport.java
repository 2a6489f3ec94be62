package io.plystra.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.Timestamps;

/**
 * The audit export ({@code GET /audit/export}, {@code plystractl audit export}): the rows of the
 * audit log in chain order, one JSON object per line with every column as {@code GET /audit/logs/{id}}
 * shows it, the row's chain link and its trace as hashed, then one trailer line with the cursor to
 * continue after the last row. The route (reactive pool) and the command (JDBC) run the same query
 * and write the same lines; both stream with a server-side cursor.
 */
public final class AuditExport {

    /** Which rows: decisions (every chain but the mutations chain, and rows from before the chains), admin mutations, or both. */
    public enum Kind {
        DECISIONS, MUTATIONS, ALL;

        /** The kind named {@code text} (decisions, mutations, all), or null. */
        public static Kind parseOrNull(String text) {
            for (Kind k : values()) {
                if (k.name().toLowerCase(Locale.ROOT).equals(text)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * A place in chain order: after the row {@code id} at {@code seq} of {@code chainId}. Written
     * {@code <chain_id>:<chain_seq>:<id>}; a row without a chain (written before V006) has an empty
     * chain id and seq 0, and sorts first.
     */
    public record Cursor(String chainId, long seq, String id) {

        private static final Pattern FORM = Pattern.compile("([a-z0-9_]{0,64}):([0-9]{1,18}):([A-Za-z0-9_-]{1,64})");

        /** The cursor of a row (null chain: before the chains). */
        static Cursor of(String chainId, Long seq, String id) {
            return new Cursor(chainId == null ? "" : chainId, seq == null ? 0 : seq, id);
        }

        /** The cursor {@code text} names, or null when it is malformed. */
        public static Cursor parseOrNull(String text) {
            Matcher m = text == null ? null : FORM.matcher(text);
            return m != null && m.matches() ? new Cursor(m.group(1), Long.parseLong(m.group(2)), m.group(3)) : null;
        }

        @Override
        public String toString() {
            return chainId + ":" + seq + ":" + id;
        }
    }

    /** What to export: a created_at range (from inclusive, to exclusive), a kind, one space, and where to continue. */
    public record Query(Instant from, Instant to, Kind kind, String spaceId, Cursor after) {

        /**
         * Whether the export starts with the rows written before the chains (V006), which come first, by id: not for
         * {@code kind=mutations}, and not once the cursor is past them.
         */
        public boolean includesUnchained() {
            return kind != Kind.MUTATIONS && (after == null || after.chainId().isEmpty());
        }

        /**
         * The SQL of one part of the export, each value a placeholder ({@code placeholder} turns a 1-based position
         * into {@code $n} or {@code ?}) whose value is appended to {@code args}; {@code onlySpaces} null means every
         * space. The chained part reads in the order of the (chain_id, chain_seq) index, so rows stream from the first
         * one without a sort; the unchained part (see {@link #includesUnchained}) reads by id.
         */
        public String sql(IntFunction<String> placeholder, List<Object> args, Set<String> onlySpaces, boolean chained) {
            StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_logs WHERE chain_id IS ")
                    .append(chained ? "NOT NULL" : "NULL");
            if (from != null) {
                args.add(from.atOffset(ZoneOffset.UTC));
                sql.append(" AND created_at >= ").append(placeholder.apply(args.size()));
            }
            if (to != null) {
                args.add(to.atOffset(ZoneOffset.UTC));
                sql.append(" AND created_at < ").append(placeholder.apply(args.size()));
            }
            if (chained && kind != Kind.ALL) {
                args.add(AuditChain.MUTATIONS);
                sql.append(kind == Kind.MUTATIONS ? " AND chain_id = " : " AND chain_id <> ").append(placeholder.apply(args.size()));
            }
            if (spaceId != null) {
                args.add(spaceId);
                sql.append(" AND space_id = ").append(placeholder.apply(args.size()));
            }
            if (onlySpaces != null) {
                args.add(onlySpaces.toArray(String[]::new));
                sql.append(" AND space_id = ANY(").append(placeholder.apply(args.size())).append(")");
            }
            if (after != null && chained && !after.chainId().isEmpty()) {
                args.add(after.chainId());
                args.add(after.seq());
                sql.append(" AND (chain_id, chain_seq) > (").append(placeholder.apply(args.size() - 1)).append(", ")
                        .append(placeholder.apply(args.size())).append(")");
            } else if (after != null && !chained) {
                args.add(after.id());
                sql.append(" AND id > ").append(placeholder.apply(args.size()));
            }
            return sql.append(chained ? " ORDER BY chain_id, chain_seq" : " ORDER BY id").toString();
        }
    }

    /** NDJSON, uncompressed. */
    public static final String MEDIA_TYPE = "application/x-ndjson";
    /** Rows the server-side cursor fetches at a time. */
    public static final int FETCH = 500;

    /** The selected columns, in the order {@link #line} reads them. */
    static final String COLUMNS = AuditLogRepository.COLUMNS
            + ", plystra_expand_trace(trace)::text, chain_id, chain_seq, prev_hash, row_hash, trace::text";

    private static final String[] TEXT_FIELDS = {"id", "space_id", "actor_user_id", "actor_member_id", "actor_user_member_id",
            "action", "resource_type", "resource_id", "decision", "deny_code", "request_id", "ip_address", "user_agent"};
    private static final JsonFactory FACTORY = new JsonFactory();

    private AuditExport() {
    }

    /** One exported row. */
    public record Line(String json, Cursor cursor) {
    }

    /**
     * The parameters of the route: {@code from}, {@code to} (RFC 3339; from inclusive, to
     * exclusive), {@code kind}, {@code space_id}, {@code cursor}. 400 naming each bad, unknown or
     * repeated parameter.
     */
    public static Query parse(Map<String, List<String>> query) {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (!Set.of("from", "to", "kind", "space_id", "cursor").contains(e.getKey())) {
                problems.put(e.getKey(), "unknown parameter");
            } else if (e.getValue().size() != 1) {
                problems.put(e.getKey(), "must be given once");
            }
        }
        Instant from = time(query, "from", problems);
        Instant to = time(query, "to", problems);
        if (from != null && to != null && !to.isAfter(from)) {
            problems.put("to", "must be after from");
        }
        String kindText = first(query, "kind");
        Kind kind = kindText == null ? Kind.ALL : Kind.parseOrNull(kindText);
        if (kind == null) {
            problems.putIfAbsent("kind", "must be decisions, mutations or all");
        }
        String spaceId = first(query, "space_id");
        if (spaceId != null && !AuditFilter.acceptable(spaceId)) {
            problems.putIfAbsent("space_id", AuditFilter.VALUE_PROBLEM);
        }
        String cursorText = first(query, "cursor");
        Cursor after = Cursor.parseOrNull(cursorText);
        if (cursorText != null && after == null) {
            problems.putIfAbsent("cursor", "must be the next_cursor of an export");
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new Query(from, to, kind, spaceId, after);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Instant time(Map<String, List<String>> query, String name, Map<String, String> problems) {
        String text = first(query, name);
        Instant at = Timestamps.parseOrNull(text);
        if (text != null && at == null) {
            problems.putIfAbsent(name, Timestamps.PROBLEM);
        }
        return at;
    }

    /**
     * The JSON line (without its newline) of a selected row, and the cursor after it; the row is read
     * by column position (from 0, in {@link #COLUMNS} order).
     */
    public static Line line(IntFunction<String> text, IntFunction<Long> number, IntFunction<Instant> time) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < TEXT_FIELDS.length; i++) {
                g.writeStringField(TEXT_FIELDS[i], text.apply(i));
            }
            g.writeStringField("created_at", time.apply(13).toString());
            raw(g, "trace", text.apply(14));
            g.writeStringField("chain_id", text.apply(15));
            Long seq = number.apply(16);
            if (seq == null) {
                g.writeNullField("chain_seq");
            } else {
                g.writeNumberField("chain_seq", seq);
            }
            g.writeStringField("prev_hash", text.apply(17));
            g.writeStringField("row_hash", text.apply(18));
            raw(g, "stored_trace", text.apply(19));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Line(out.toString(), Cursor.of(text.apply(15), number.apply(16), text.apply(0)));
    }

    /** The last line of an export: the cursor to continue after its last row (the one it started from when it sent none). */
    public static String trailer(Cursor next) {
        return next == null ? "{\"next_cursor\":null}" : "{\"next_cursor\":\"" + next + "\"}";
    }

    /**
     * The export over JDBC ({@code plystractl audit export}, the retention job): the same query, lines and trailer as the
     * route, read with a server-side cursor {@link #FETCH} rows at a time; returns the number of rows written to {@code out}.
     */
    public static long write(Connection c, Query query, OutputStream out) throws SQLException, IOException {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        long rows = 0;
        Cursor last = query.after();
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            for (boolean chained : query.includesUnchained() ? new boolean[] {false, true} : new boolean[] {true}) {
                List<Object> args = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(query.sql(n -> "?", args, null, chained))) {
                    ps.setFetchSize(FETCH);
                    for (int i = 0; i < args.size(); i++) {
                        ps.setObject(i + 1, args.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Line line = line(i -> text(rs, i), i -> number(rs, i), i -> time(rs, i));
                            w.write(line.json());
                            w.write('\n');
                            last = line.cursor();
                            rows++;
                        }
                    }
                }
            }
        } finally {
            c.rollback();
        }
        w.write(trailer(last));
        w.write('\n');
        w.flush();
        return rows;
    }

    private static String text(ResultSet rs, int i) {
        try {
            return rs.getString(i + 1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long number(ResultSet rs, int i) {
        try {
            long v = rs.getLong(i + 1);
            return rs.wasNull() ? null : v;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant time(ResultSet rs, int i) {
        try {
            return rs.getTimestamp(i + 1).toInstant();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void raw(JsonGenerator g, String field, String json) throws IOException {
        g.writeFieldName(field);
        if (json == null) {
            g.writeNull();
        } else {
            g.writeRawValue(json);
        }
    }
}
