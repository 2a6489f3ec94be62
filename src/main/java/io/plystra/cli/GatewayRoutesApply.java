package io.plystra.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;


import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.plystra.audit.MutationAudit;
import io.plystra.gateway.GatewayRouteService;
import io.plystra.gateway.RouteBody;
import io.plystra.gateway.RouteDiff;
import io.plystra.gateway.RoutesBody;
import io.plystra.kernel.ApiException;
import io.plystra.kernel.Caller;
import io.plystra.kernel.Ids;
import io.plystra.kernel.RequestInfo;
import io.plystra.kernel.Status;

/**
 * {@code plystractl gateway routes apply -f routes.yaml [--dry-run]}: the same validation, diff and
 * audit rows as {@code PUT /spaces/{id}/gateway/routes}, over JDBC in one transaction.
 */
final class GatewayRoutesApply {

    /** A routes file: the space and its whole table (read by Jackson, so registered for a native image). */
    @RegisterForReflection(targets = {RoutesFile.class, RouteBody.class})
    record RoutesFile(@JsonProperty(required = true) String spaceId, @JsonProperty("default") String defaultDecision,
                      List<RouteBody> routes) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private GatewayRoutesApply() {
    }

    /** Reads and validates the file; 1 and one line per problem when it is unusable. */
    static RoutesFile read(Path file) throws IOException {
        RoutesFile routes;
        try {
            routes = YAML.readValue(Files.readString(file), RoutesFile.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new IllegalArgumentException(file + where + ": " + e.getOriginalMessage());
        }
        if (routes == null || routes.spaceId() == null || routes.spaceId().isBlank()) {
            throw new IllegalArgumentException(file + ": space_id is required");
        }
        return routes;
    }

    static int run(Connection c, Path file, boolean dryRun, boolean production, PrintStream out, PrintStream err)
            throws IOException, SQLException {
        RoutesFile routes;
        List<RouteBody> wanted;
        String fallback;
        try {
            routes = read(file);
            RoutesBody body = new RoutesBody(routes.routes(), routes.defaultDecision());
            wanted = GatewayRouteService.validate(body);
            fallback = GatewayRouteService.defaultOf(body, production);
        } catch (IllegalArgumentException e) {
            err.println("plystractl: " + e.getMessage());
            return Plystractl.FAILED;
        } catch (ApiException e) {
            err.println("plystractl: " + file + ": " + e.getMessage());
            return Plystractl.FAILED;
        }
        String space = routes.spaceId();
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            String before = defaultOf(c, space);
            if (before == null) {
                err.println("plystractl: " + file + ": space " + space + " does not exist");
                c.rollback();
                return Plystractl.FAILED;
            }
            RouteDiff diff = RouteDiff.of(stored(c, space), wanted);
            if (!dryRun) {
                write(c, space, diff);
                if (!fallback.equals(before)) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE spaces SET gateway_default = ? WHERE id = ?")) {
                        ps.setString(1, fallback);
                        ps.setString(2, space);
                        ps.executeUpdate();
                    }
                    MutationAudit.record(c, Caller.SYSTEM, RequestInfo.system(Plystractl.TOOL),
                            GatewayRouteService.defaultChanged(space, fallback));
                }
            }
            c.commit();
            out.println("gateway routes of " + space + (dryRun ? " (dry run, nothing written)" : "") + ": "
                    + names("created", diff.createdNames()) + ", " + names("updated", diff.updatedNames()) + ", "
                    + names("disabled", diff.disabledNames()) + ", " + diff.unchanged() + " unchanged"
                    + (fallback.equals(before) ? "" : "; unmapped requests: " + fallback + " (was " + before + ")"));
            return Plystractl.OK;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String names(String verb, List<String> names) {
        return names.size() + " " + verb + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
    }

    /** The space's default for unmapped requests, or null when there is no such space. */
    private static String defaultOf(Connection c, String space) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT gateway_default FROM spaces WHERE id = ? FOR UPDATE")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<RouteDiff.Stored> stored(Connection c, String space) throws SQLException {
        List<RouteDiff.Stored> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, host, methods, path, resource_type, resource_id, action, "
                + "is_public, status FROM gateway_routes WHERE space_id = ? FOR UPDATE")) {
            ps.setString(1, space);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RouteBody body = new RouteBody(rs.getString(2), rs.getString(3), Arrays.asList((String[]) rs.getArray(4).getArray()),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9));
                    rows.add(new RouteDiff.Stored(rs.getString(1), body, "active".equals(rs.getString(10))));
                }
            }
        }
        return rows;
    }

    private static void write(Connection c, String space, RouteDiff diff) throws SQLException {
        RequestInfo origin = RequestInfo.system(Plystractl.TOOL);
        for (RouteBody b : diff.created()) {
            String id = Ids.generate("gwr");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_routes (id, space_id, name, host, methods, path, "
                    + "resource_type, resource_id, action, is_public) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, space);
                fields(c, ps, 3, b);
                ps.executeUpdate();
            }
            MutationAudit.record(c, Caller.SYSTEM, origin, GatewayRouteService.changed(id, space, b, Status.ACTIVE, "created"));
        }
        for (RouteDiff.Change change : diff.updated()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gateway_routes SET name = ?, host = ?, methods = ?, path = ?, "
                    + "resource_type = ?, resource_id = ?, action = ?, is_public = ?, status = 'active', updated_at = now() WHERE id = ?")) {
                fields(c, ps, 1, change.after());
                ps.setString(9, change.before().id());
                ps.executeUpdate();
            }
            MutationAudit.record(c, Caller.SYSTEM, origin,
                    GatewayRouteService.changed(change.before().id(), space, change.after(), Status.ACTIVE, "updated"));
        }
        for (RouteDiff.Stored s : diff.disabled()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE gateway_routes SET status = 'disabled', updated_at = now() WHERE id = ?")) {
                ps.setString(1, s.id());
                ps.executeUpdate();
            }
            MutationAudit.record(c, Caller.SYSTEM, origin, GatewayRouteService.changed(s.id(), space, s.route(), Status.DISABLED, "disabled"));
        }
    }

    /** name, host, methods, path, resource_type, resource_id, action, is_public from {@code first}. */
    private static void fields(Connection c, PreparedStatement ps, int first, RouteBody b) throws SQLException {
        Array methods = c.createArrayOf("text", b.methods().toArray());
        ps.setString(first, b.name());
        ps.setString(first + 1, b.host());
        ps.setArray(first + 2, methods);
        ps.setString(first + 3, b.path());
        ps.setString(first + 4, b.resourceType());
        ps.setString(first + 5, b.resourceId());
        ps.setString(first + 6, b.action());
        ps.setBoolean(first + 7, Boolean.TRUE.equals(b.isPublic()));
    }

}
