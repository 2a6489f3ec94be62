package io.plystra.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated route table and its matcher. {@link #find} picks, among the routes whose host matches, whose methods
 * contain the request's method and whose template matches the path, the most specific one:
 * <ol>
 * <li><b>host first</b>: an exact host beats a wildcard, a longer wildcard suffix beats a shorter one, any wildcard
 * beats a route without host. As with virtual hosts, a route written for a host speaks for that host before any
 * route written for all hosts, whatever their paths;</li>
 * <li><b>then the path</b>: the template's kinds compared segment by segment, literal beating variable beating rest
 * at the first difference, the longer winning when one is a prefix of the other.</li>
 * </ol>
 *
 * <p>{@link #of} refuses what would make that choice a guess: two routes of equal host specificity that can match a
 * common host (both without host, or the same name or wildcard), with a method in common and templates of equal
 * specificity that can match a common path (the same template up to variable names) are a tie, refused with both
 * names. So at most one route is most specific for any request, and the answer never depends on the table's order.
 * Field names in errors follow the table's written form: {@code routes[i].name}, {@code .host}, {@code .methods},
 * {@code .path}, {@code .resource_type}, {@code .resource_id}, {@code .action}.
 */
public final class RouteTable {

    /** Most routes in one table. */
    public static final int MAX_ROUTES = 10_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Pattern QUERY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");
    private static final int MAX_TEXT = 200;

    private final List<Route> routes;
    private final List<Entry> bySpecificity;

    private RouteTable(List<Route> routes, List<Entry> bySpecificity) {
        this.routes = routes;
        this.bySpecificity = bySpecificity;
    }

    /** Where a route's resource id comes from. */
    private enum IdSource {
        NONE, VARIABLE, QUERY, LITERAL
    }

    private record Entry(int index, Route route, HostPattern host, PathTemplate template, IdSource idSource,
            String idName) {

        String resolveId(Map<String, String> variables, RequestPath path) {
            return switch (idSource) {
                case NONE -> null;
                case LITERAL -> idName;
                case VARIABLE -> variables.get(idName);
                case QUERY -> {
                    List<String> values = path.query().get(idName);
                    yield values == null || values.size() != 1 || values.get(0).isEmpty() ? null : values.get(0);
                }
            };
        }
    }

    private static final Comparator<Entry> MOST_SPECIFIC_FIRST = (a, b) -> {
        int c = b.host().compareSpecificity(a.host());
        if (c == 0) {
            c = b.template().compareSpecificity(a.template());
        }
        return c != 0 ? c : Integer.compare(a.index(), b.index());
    };

    /** Validates {@code routes} and builds the table; a {@link RouteException} names the first problem found. */
    public static RouteTable of(List<Route> routes) {
        if (routes == null) {
            throw new RouteException("routes", "the route list is missing");
        }
        if (routes.size() > MAX_ROUTES) {
            throw new RouteException("routes", "a table holds at most " + MAX_ROUTES + " routes");
        }
        List<Entry> entries = new ArrayList<>(routes.size());
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            Entry entry = validate(i, routes.get(i));
            Integer previous = names.putIfAbsent(entry.route().name(), i);
            if (previous != null) {
                throw new RouteException(field(i, "name"), "the name '" + entry.route().name()
                        + "' is already used by routes[" + previous + "]");
            }
            entries.add(entry);
        }
        refuseTies(entries);
        List<Entry> ordered = new ArrayList<>(entries);
        ordered.sort(MOST_SPECIFIC_FIRST);
        return new RouteTable(List.copyOf(routes), List.copyOf(ordered));
    }

    /** The routes as given to {@link #of}. */
    public List<Route> routes() {
        return routes;
    }

    /**
     * The most specific route for the request, or empty when none matches (the gateway then denies with
     * ROUTE_NOT_MAPPED). {@code method} is compared exactly (HTTP methods are case-sensitive); {@code host} is the
     * Host header or authority (may be {@code null}: only routes without host match then), port and one trailing
     * dot ignored, case-insensitive. A malformed host is refused with a {@link RouteException} on field
     * {@code "host"}. A match of a {@code {q.name}} route whose parameter is absent, empty or repeated has a
     * {@code null} resource id: see {@link RouteMatch}.
     */
    public Optional<RouteMatch> find(String method, String host, RequestPath path) {
        if (path == null) {
            throw new RouteException("path", "the path is missing");
        }
        String requestHost = HostPattern.normaliseRequestHost(host);
        if (method == null) {
            return Optional.empty();
        }
        for (Entry e : bySpecificity) {
            if (!e.route().methods().contains(method) || !e.host().matches(requestHost)) {
                continue;
            }
            Map<String, String> vars = e.template().match(path.segments());
            if (vars != null) {
                return Optional.of(new RouteMatch(e.route(), vars, e.resolveId(vars, path)));
            }
        }
        return Optional.empty();
    }

    private static Entry validate(int i, Route route) {
        if (route == null) {
            throw new RouteException("routes[" + i + "]", "the route is missing");
        }
        if (route.name() == null || !NAME.matcher(route.name()).matches()) {
            throw new RouteException(field(i, "name"), "the name must be 1-100 letters, digits, '_', '.' or '-', "
                    + "starting with a letter or digit");
        }
        HostPattern host = HostPattern.parse(route.host(), field(i, "host"));
        if (route.methods().isEmpty()) {
            throw new RouteException(field(i, "methods"), "list at least one method");
        }
        for (String m : route.methods()) {
            if (m == null || !Route.KNOWN_METHODS.contains(m)) {
                throw new RouteException(field(i, "methods"), "unknown method '" + m + "': use upper-case GET, HEAD, "
                        + "POST, PUT, PATCH, DELETE or OPTIONS");
            }
        }
        PathTemplate template = PathTemplate.parse(route.path(), field(i, "path"));
        if (route.isPublic()) {
            for (String[] f : new String[][] {{"resource_type", route.resourceType()},
                    {"resource_id", route.resourceId()}, {"action", route.action()}}) {
                if (f[1] != null) {
                    throw new RouteException(field(i, f[0]), "a public route takes no " + f[0]
                            + ": it is allowed without a decision");
                }
            }
            return new Entry(i, route, host, template, IdSource.NONE, null);
        }
        text(i, "resource_type", route.resourceType());
        text(i, "action", route.action());
        text(i, "resource_id", route.resourceId());
        String id = route.resourceId();
        if (id.startsWith("{q.") && id.endsWith("}")) {
            String name = id.substring(3, id.length() - 1);
            if (!QUERY_NAME.matcher(name).matches()) {
                throw new RouteException(field(i, "resource_id"), "'" + id + "' must name a query parameter: "
                        + "{q.name}, the name [A-Za-z_][A-Za-z0-9_.-]*");
            }
            return new Entry(i, route, host, template, IdSource.QUERY, name);
        }
        if (id.startsWith("{") && id.endsWith("}")) {
            String name = id.substring(1, id.length() - 1);
            if (!template.hasVariable(name)) {
                throw new RouteException(field(i, "resource_id"), "'" + id + "' names no variable of the path "
                        + "template " + route.path());
            }
            return new Entry(i, route, host, template, IdSource.VARIABLE, name);
        }
        if (id.indexOf('{') >= 0 || id.indexOf('}') >= 0) {
            throw new RouteException(field(i, "resource_id"), "'" + id + "' must be {variable}, {q.parameter} or a "
                    + "literal without braces");
        }
        return new Entry(i, route, host, template, IdSource.LITERAL, id);
    }

    private static void text(int i, String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new RouteException(field(i, name), "a route that is not public needs " + name);
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw new RouteException(field(i, name), name + " must be at most " + MAX_TEXT
                    + " characters without spaces or control characters");
        }
    }

    private static void refuseTies(List<Entry> entries) {
        Map<String, List<Entry>> byKey = new HashMap<>();
        for (Entry e : entries) {
            List<Entry> same = byKey.computeIfAbsent(e.host().key() + " " + e.template().shape(),
                    k -> new ArrayList<>());
            for (Entry other : same) {
                Set<String> common = new HashSet<>(other.route().methods());
                common.retainAll(e.route().methods());
                if (!common.isEmpty()) {
                    throw new RouteException(field(e.index(), "path"), "routes '" + other.route().name()
                            + "' (routes[" + other.index() + "]) and '" + e.route().name() + "' (routes[" + e.index()
                            + "]) tie: same host (" + e.host() + "), methods " + new TreeSet<>(common)
                            + " in common and equally specific paths " + other.template() + " and " + e.template()
                            + " matching the same requests; make one more specific or split the methods");
                }
            }
            same.add(e);
        }
    }

    private static String field(int i, String name) {
        return "routes[" + i + "]." + name;
    }
}
