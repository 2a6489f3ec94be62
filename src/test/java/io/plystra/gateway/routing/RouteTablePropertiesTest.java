package io.plystra.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random tables and random requests, checked against a reference written independently of the matcher: the route
 * {@link RouteTable#find} returns matches, and every other matching route is strictly less specific (host first, then
 * the path's kinds); when it returns nothing, nothing matches. A table the builder refuses really has a tie.
 *
 * <p>The seed is printed; {@code -Dplystra.props.seed=<long>} replays a run, {@code =random} draws a new one.
 */
class RouteTablePropertiesTest {

    static final long DEFAULT_SEED = 20261213L;
    static final int TABLES = 400;
    static final int REQUESTS_PER_TABLE = 60;

    static final String[] ROUTE_HOSTS = {null, null, "a.example.com", "b.example.com", "*.example.com",
        "*.b.example.com"};
    static final String[] REQUEST_HOSTS = {null, "a.example.com", "B.example.com:443", "c.b.example.com",
        "example.com", "x.a.example.com"};
    static final String[] METHODS = {"GET", "HEAD", "POST"};
    static final String[] REQUEST_METHODS = {"GET", "HEAD", "POST", "PUT"};
    static final String[] LITERALS = {"a", "b", "c"};
    static final String[] REQUEST_SEGMENTS = {"a", "b", "c", "d"};

    @Test
    void findReturnsTheUniqueMostSpecificMatchingRoute() {
        long seed = seed();
        System.out.println("RouteTablePropertiesTest seed " + seed + " (replay with -Dplystra.props.seed=" + seed
                + ")");
        Random random = new Random(seed);
        int matched = 0;
        int unmatched = 0;
        int tiesRefused = 0;
        for (int t = 0; t < TABLES; t++) {
            List<Route> routes = new ArrayList<>();
            int size = 1 + random.nextInt(12);
            for (int i = 0; i < size; i++) {
                Route candidate = randomRoute(random, "r" + i);
                List<Route> attempt = new ArrayList<>(routes);
                attempt.add(candidate);
                try {
                    RouteTable.of(attempt);
                    routes.add(candidate);
                } catch (RouteException e) {
                    tiesRefused++;
                    String context = "seed " + seed + ", table " + t + ": " + attempt + ": " + e.getMessage();
                    assertTrue(routes.stream().anyMatch(r -> ties(r, candidate)), "refused without a tie, " + context);
                }
            }
            RouteTable table = RouteTable.of(routes);
            List<Route> shuffled = new ArrayList<>(routes);
            Collections.shuffle(shuffled, random);
            RouteTable reordered = RouteTable.of(shuffled);
            for (int q = 0; q < REQUESTS_PER_TABLE; q++) {
                String method = REQUEST_METHODS[random.nextInt(REQUEST_METHODS.length)];
                String host = REQUEST_HOSTS[random.nextInt(REQUEST_HOSTS.length)];
                RequestPath path = RequestPath.parse(randomPath(random));
                String context = "seed " + seed + ", table " + t + ", request " + method + " " + host + " " + path
                        + ", routes " + routes;
                Optional<RouteMatch> found = table.find(method, host, path);
                assertEquals(found, reordered.find(method, host, path), "order matters, " + context);
                List<Route> matching = routes.stream().filter(r -> matches(r, method, host, path)).toList();
                if (found.isEmpty()) {
                    assertEquals(List.of(), matching, "nothing found but routes match, " + context);
                    unmatched++;
                    continue;
                }
                matched++;
                Route chosen = found.get().route();
                assertTrue(matching.contains(chosen), "found a route that does not match, " + context);
                for (Route other : matching) {
                    if (other != chosen && compare(other, chosen) >= 0) {
                        fail(other.name() + " is at least as specific as the chosen " + chosen.name() + ", " + context);
                    }
                }
            }
        }
        System.out.println("RouteTablePropertiesTest: " + matched + " requests matched, " + unmatched
                + " unmatched, " + tiesRefused + " ties refused");
        assertTrue(matched > 1000 && unmatched > 100 && tiesRefused > 10, "the generator must exercise all outcomes");
    }

    private static long seed() {
        String text = System.getProperty("plystra.props.seed", "").trim();
        if (text.isEmpty()) {
            return DEFAULT_SEED;
        }
        return text.equalsIgnoreCase("random") ? System.nanoTime() : Long.parseLong(text);
    }

    private static Route randomRoute(Random random, String name) {
        Set<String> methods = new HashSet<>();
        methods.add(METHODS[random.nextInt(METHODS.length)]);
        if (random.nextInt(3) == 0) {
            methods.add(METHODS[random.nextInt(METHODS.length)]);
        }
        int length = random.nextInt(4);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 5) {
                path.append('/').append(LITERALS[random.nextInt(LITERALS.length)]);
            } else if (kind < 8 || i < length - 1) {
                path.append("/{v").append(i).append('}');
            } else {
                path.append("/{rest...}");
            }
        }
        String template = path.length() == 0 ? "/" : path.toString();
        return Route.checked(name, ROUTE_HOSTS[random.nextInt(ROUTE_HOSTS.length)], methods, template, "thing",
                "literal", "read");
    }

    private static String randomPath(Random random) {
        int length = random.nextInt(5);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < length; i++) {
            path.append('/').append(REQUEST_SEGMENTS[random.nextInt(REQUEST_SEGMENTS.length)]);
        }
        if (random.nextInt(5) == 0) {
            path.append('/');
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    // The reference: written from the rules, sharing no code with the matcher.

    private static boolean matches(Route r, String method, String rawHost, RequestPath path) {
        String host = rawHost == null ? null : rawHost.toLowerCase(Locale.ROOT).replaceFirst(":[0-9]+$", "");
        boolean hostOk = r.host() == null
                || (r.host().startsWith("*.") ? host != null && host.endsWith(r.host().substring(1))
                        && host.length() > r.host().length() - 1 : r.host().equals(host));
        return hostOk && r.methods().contains(method) && regex(r.path()).matcher(path.path()).matches();
    }

    private static Pattern regex(String template) {
        if (template.equals("/")) {
            return Pattern.compile("/");
        }
        StringBuilder b = new StringBuilder();
        for (String part : template.substring(1).split("/")) {
            b.append('/');
            if (part.endsWith("...}")) {
                b.append("[^/]+(/[^/]+)*");
            } else if (part.startsWith("{")) {
                b.append("[^/]+");
            } else {
                b.append(Pattern.quote(part));
            }
        }
        return Pattern.compile(b.toString());
    }

    /** Positive when {@code a} is more specific than {@code b}: host rank, then path kinds, then length. */
    private static int compare(Route a, Route b) {
        int c = Integer.compare(hostRank(a.host()), hostRank(b.host()));
        if (c != 0) {
            return c;
        }
        List<Integer> ka = kinds(a.path());
        List<Integer> kb = kinds(b.path());
        for (int i = 0; i < Math.min(ka.size(), kb.size()); i++) {
            c = Integer.compare(ka.get(i), kb.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ka.size(), kb.size());
    }

    private static int hostRank(String host) {
        if (host == null) {
            return 0;
        }
        return host.startsWith("*.") ? (int) host.chars().filter(ch -> ch == '.').count() : 1000;
    }

    private static List<Integer> kinds(String template) {
        List<Integer> kinds = new ArrayList<>();
        if (!template.equals("/")) {
            for (String part : template.substring(1).split("/")) {
                kinds.add(part.endsWith("...}") ? 0 : part.startsWith("{") ? 1 : 2);
            }
        }
        return kinds;
    }

    /** Equal specificity, a common host, a common method and a common path: the definition of a tie. */
    private static boolean ties(Route a, Route b) {
        boolean sameHost = a.host() == null ? b.host() == null : a.host().equalsIgnoreCase(b.host());
        Set<String> common = new HashSet<>(a.methods());
        common.retainAll(b.methods());
        String shapeA = a.path().replaceAll("\\{[a-z0-9_]+\\.\\.\\.}", "*").replaceAll("\\{[a-z0-9_]+}", "?");
        String shapeB = b.path().replaceAll("\\{[a-z0-9_]+\\.\\.\\.}", "*").replaceAll("\\{[a-z0-9_]+}", "?");
        return sameHost && !common.isEmpty() && shapeA.equals(shapeB);
    }
}
