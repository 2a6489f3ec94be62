package io.plystra.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.plystra.audit.Mutation;
import io.plystra.audit.MutationAudit;
import io.plystra.kernel.Caller;
import io.plystra.kernel.RequestInfo;

/**
 * {@code plystractl audit import}: loads a whole export ({@code audit export} or {@code GET /audit/export}, plain or gzip) into a database whose audit log
 * is empty: every row as it was hashed, the snapshots its trace refers to (taken from the
 * expanded trace beside it), the chain heads, then one audited row of its own at the end of the
 * mutation chain, so {@code audit verify} checks the copy as it checked the original.
 */
final class AuditImport {

    static final String INSERT_ROW = """
            INSERT INTO audit_logs (id, created_at, space_id, actor_user_id, actor_member_id, actor_user_member_id,
                                    action, resource_type, resource_id, decision, deny_code, request_id, ip_address,
                                    user_agent, trace, chain_id, chain_seq, prev_hash, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""";
    static final String INSERT_SNAPSHOT = "INSERT INTO audit_snapshots (hash, body) VALUES (?, ?::jsonb) ON CONFLICT (hash) DO NOTHING";
    static final String SET_HEAD = """
            INSERT INTO audit_chain_heads (chain_id, chain_seq, row_hash) VALUES (?, ?, ?)
            ON CONFLICT (chain_id) DO UPDATE SET chain_seq = excluded.chain_seq, row_hash = excluded.row_hash""";
    private static final String[] TEXT_FIELDS = {"space_id", "actor_user_id", "actor_member_id", "actor_user_member_id",
            "action", "resource_type", "resource_id", "decision", "deny_code", "request_id", "ip_address", "user_agent"};
    private static final int BATCH = 500;

    private AuditImport() {
    }

    /** Why an import was refused: one line for standard error. */
    static final class Refused extends Exception {
        Refused(String problem) {
            super(problem, null, false, false);
        }
    }

    /**
     * Loads an export into {@code c}'s empty audit log in one transaction; returns the number of rows.
     * Refused when the log already has rows, a line is not an export line, or a chain's rows do not
     * follow one another (a filtered or partial export cannot be verified from its chains' start).
     */
    static long importInto(Connection c, InputStream in, String source) throws SQLException, IOException, Refused {
        c.setAutoCommit(false);
        try {
            long rows = load(c, reader(in), source);
            c.commit();
            return rows;
        } catch (SQLException | IOException | Refused | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    private static long load(Connection c, BufferedReader lines, String source) throws SQLException, IOException, Refused {
        try (PreparedStatement empty = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM audit_logs)");
             ResultSet rs = empty.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new Refused("the database already has audit rows: import loads an export into an empty audit log");
            }
        }
        // Numbers exactly as exported (12345678901234567890.125, 1.10): a double would change the row's hash.
        ObjectMapper json = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();
        Map<String, Head> heads = new HashMap<>();
        Set<YearMonth> months = new HashSet<>();
        long rows = 0;
        boolean trailer = false;
        try (PreparedStatement row = c.prepareStatement(INSERT_ROW);
             PreparedStatement snapshot = c.prepareStatement(INSERT_SNAPSHOT);
             PreparedStatement partition = c.prepareStatement("SELECT plystra_ensure_audit_partition(?)")) {
            int lineNo = 0;
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                lineNo++;
                if (text.isBlank()) {
                    continue;
                }
                if (trailer) {
                    throw new Refused(source + ":" + lineNo + ": a row after the trailer");
                }
                JsonNode line;
                try {
                    line = json.readTree(text);
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    throw new Refused(source + ":" + lineNo + ": not JSON");
                }
                if (line.has("next_cursor")) {
                    trailer = true;
                    continue;
                }
                if (!line.path("id").isTextual() || !line.path("created_at").isTextual() || !line.has("chain_id")) {
                    throw new Refused(source + ":" + lineNo + ": not an audit export row (id, created_at, chain_id)");
                }
                String chain = line.get("chain_id").textValue();
                if (chain != null) {
                    long seq = line.path("chain_seq").asLong();
                    Head head = heads.get(chain);
                    if (head == null ? seq != 1 : seq != head.seq() + 1) {
                        throw new Refused(source + ":" + lineNo + ": chain " + chain + " goes from " + (head == null ? 0 : head.seq())
                                + " to " + seq + " (import takes a whole, unfiltered export)");
                    }
                    heads.put(chain, new Head(seq, line.path("row_hash").asText()));
                }
                Instant at = Instant.parse(line.get("created_at").asText());
                if (months.add(YearMonth.from(at.atZone(ZoneOffset.UTC)))) {
                    partition.setTimestamp(1, Timestamp.from(at));
                    partition.execute();
                }
                bind(row, line, at, json);
                row.addBatch();
                snapshots(snapshot, line.path("stored_trace"), line.path("trace"), json);
                if (++rows % BATCH == 0) {
                    snapshot.executeBatch();
                    row.executeBatch();
                }
            }
            snapshot.executeBatch();
            row.executeBatch();
        }
        if (!trailer) {
            throw new Refused(source + ": no trailer line: the export is incomplete");
        }
        try (PreparedStatement head = c.prepareStatement(SET_HEAD)) {
            for (Map.Entry<String, Head> e : heads.entrySet()) {
                head.setString(1, e.getKey());
                head.setLong(2, e.getValue().seq());
                head.setString(3, e.getValue().rowHash());
                head.addBatch();
            }
            head.executeBatch();
        }
        MutationAudit.record(c, Caller.SYSTEM, RequestInfo.system(Plystractl.TOOL),
                new Mutation<>("audit_log", "imported", source, null, Map.of("rows", rows, "chains", heads.size())));
        return rows;
    }

    private record Head(long seq, String rowHash) {
    }

    private static void bind(PreparedStatement row, JsonNode line, Instant at, ObjectMapper json) throws SQLException, IOException {
        row.setString(1, line.get("id").asText());
        row.setTimestamp(2, Timestamp.from(at));
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            row.setString(3 + i, line.path(TEXT_FIELDS[i]).textValue());
        }
        JsonNode stored = line.path("stored_trace");
        row.setString(15, stored.isMissingNode() || stored.isNull() ? null : json.writeValueAsString(stored));
        String chain = line.get("chain_id").textValue();
        row.setString(16, chain);
        row.setObject(17, chain == null ? null : line.path("chain_seq").asLong(), Types.BIGINT);
        row.setString(18, line.path("prev_hash").textValue());
        row.setString(19, line.path("row_hash").textValue());
    }

    /** Each {@code {"$snapshot": hash}} of the stored trace, with the body the expanded trace shows in its place. */
    private static void snapshots(PreparedStatement snapshot, JsonNode stored, JsonNode expanded, ObjectMapper json)
            throws SQLException, IOException {
        if (!stored.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode ref = e.getValue().path("$snapshot");
            JsonNode body = expanded.path(e.getKey());
            if (ref.isTextual() && !body.isMissingNode()) {
                snapshot.setString(1, ref.asText());
                snapshot.setString(2, json.writeValueAsString(body));
                snapshot.addBatch();
            }
        }
    }

    /** Plain NDJSON or gzip, told apart by the gzip magic number. */
    private static BufferedReader reader(InputStream in) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, 2);
        byte[] magic = peek.readNBytes(2);
        peek.unread(magic);
        boolean gzip = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        return new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(peek, 1 << 16) : peek, StandardCharsets.UTF_8), 1 << 16);
    }
}
