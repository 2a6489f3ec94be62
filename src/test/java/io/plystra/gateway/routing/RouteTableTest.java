package io.plystra.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteTableTest {

    /** Stands for "no route matched" (ROUTE_NOT_MAPPED) in the expectation columns. */
    static final String NONE = "<none>";
    /** Stands for "the request path is refused" (400) in the expectation columns. */
    static final String REFUSED = "<refused>";

    /** The product spec's example. */
    static final RouteTable SPEC = RouteTable.of(List.of(
            Route.checked("approve-invoice", "billing.example.com", Set.of("POST"), "/invoices/{invoice_id}/approve",
                    "invoice", "{invoice_id}", "approve"),
            Route.checked("read-invoice", null, Set.of("GET", "HEAD"), "/invoices/{invoice_id}", "invoice",
                    "{invoice_id}", "read"),
            Route.publicRoute("health", null, Set.of("GET"), "/healthz")));

    static Stream<Arguments> specRequests() {
        return Stream.of(
                Arguments.of("POST", "billing.example.com", "/invoices/inv_1/approve", "approve-invoice", "inv_1"),
                Arguments.of("POST", "billing.example.com", "/invoices/inv_1/approve?x=1", "approve-invoice", "inv_1"),
                Arguments.of("POST", "BILLING.Example.COM:8443", "/invoices/inv_1/approve", "approve-invoice", "inv_1"),
                Arguments.of("POST", "billing.example.com.", "/invoices/inv_1/approve", "approve-invoice", "inv_1"),
                Arguments.of("POST", "other.example.com", "/invoices/inv_1/approve", NONE, null),
                Arguments.of("POST", null, "/invoices/inv_1/approve", NONE, null),
                Arguments.of("GET", "billing.example.com", "/invoices/inv_1/approve", NONE, null),
                Arguments.of("post", "billing.example.com", "/invoices/inv_1/approve", NONE, null),
                Arguments.of("GET", "billing.example.com", "/invoices/inv_1", "read-invoice", "inv_1"),
                Arguments.of("GET", null, "/invoices/inv_1", "read-invoice", "inv_1"),
                Arguments.of("HEAD", null, "/invoices/inv_1", "read-invoice", "inv_1"),
                Arguments.of("OPTIONS", null, "/invoices/inv_1", NONE, null),
                Arguments.of("GET", null, "/invoices/inv_1/", "read-invoice", "inv_1"),
                Arguments.of("GET", null, "//invoices//inv_1", "read-invoice", "inv_1"),
                Arguments.of("GET", null, "/invoices/a%20b", "read-invoice", "a b"),
                Arguments.of("GET", null, "/invoices/inv_1/approve/../../inv_2", "read-invoice", "inv_2"),
                Arguments.of("GET", null, "/invoices", NONE, null),
                Arguments.of("GET", null, "/invoices/inv_1/lines", NONE, null),
                Arguments.of("GET", null, "/", NONE, null),
                Arguments.of("GET", null, "/healthz", "health", null),
                Arguments.of("GET", null, "/healthz/", "health", null),
                Arguments.of("HEAD", null, "/healthz", NONE, null),
                Arguments.of("GET", null, "/healthz/../admin", NONE, null));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} ({4})")
    @MethodSource("specRequests")
    void matchesTheSpecTable(String method, String host, String path, String route, String resourceId) {
        Optional<RouteMatch> match = SPEC.find(method, host, RequestPath.parse(path));
        assertEquals(route, match.map(m -> m.route().name()).orElse(NONE));
        assertEquals(resourceId, match.map(RouteMatch::resourceId).orElse(null));
    }

    /** Segments compare case-sensitively; a differently cased path matches nothing and is denied. */
    static Stream<Arguments> caseTricks() {
        return Stream.of(
                Arguments.of("POST", "/INVOICES/inv_1/approve"),
                Arguments.of("POST", "/Invoices/inv_1/approve"),
                Arguments.of("POST", "/invoices/inv_1/APPROVE"),
                Arguments.of("POST", "/%49NVOICES/inv_1/approve"),
                Arguments.of("GET", "/HEALTHZ"));
    }

    @ParameterizedTest(name = "{0} {1} matches nothing")
    @MethodSource("caseTricks")
    void caseTricksMatchNothing(String method, String path) {
        assertEquals(Optional.empty(), SPEC.find(method, "billing.example.com", RequestPath.parse(path)));
    }

    /** A public corner next to a guarded one: no spelling of the path reaches the guard through the public route. */
    static final RouteTable ADMIN = RouteTable.of(List.of(
            Route.checked("admin", null, Set.of("GET"), "/admin/{page...}", "admin_page", "{page}", "read"),
            Route.publicRoute("assets", null, Set.of("GET"), "/assets/{file...}"),
            Route.publicRoute("health", null, Set.of("GET"), "/healthz")));

    static Stream<Arguments> pathTricks() {
        return Stream.of(
                Arguments.of("plainAsset", "/assets/app.js", "assets"),
                Arguments.of("dotDot", "/assets/../admin/users", "admin"),
                Arguments.of("encodedDotDot", "/assets/%2e%2e/admin/users", "admin"),
                Arguments.of("encodedDotDotUpperCase", "/assets/%2E%2E/admin/users", "admin"),
                Arguments.of("halfEncodedDotDot", "/assets/.%2e/admin/users", "admin"),
                Arguments.of("doubleSlashDotDot", "/assets//..//admin/users", "admin"),
                Arguments.of("dotSegment", "/assets/./../admin/users", "admin"),
                Arguments.of("doubleEncodedDotDotIsLiteral", "/assets/%252e%252e/admin/users", "assets"),
                Arguments.of("semicolonAfterDotDot", "/assets/..;/admin/users", REFUSED),
                Arguments.of("semicolonPathParameter", "/healthz;/../admin/users", REFUSED),
                Arguments.of("encodedSlash", "/assets/..%2Fadmin/users", REFUSED),
                Arguments.of("encodedSlashLowerCase", "/assets/..%2fadmin/users", REFUSED),
                Arguments.of("encodedBackslash", "/assets/..%5Cadmin/users", REFUSED),
                Arguments.of("encodedBackslashLowerCase", "/assets/..%5cadmin/users", REFUSED),
                Arguments.of("rawBackslash", "/assets/..\\admin/users", REFUSED),
                Arguments.of("nul", "/healthz%00/../admin/users", REFUSED),
                Arguments.of("aboveRoot", "/../admin/users", REFUSED),
                Arguments.of("overlongDot", "/assets/%c0%ae%c0%ae/admin/users", REFUSED),
                Arguments.of("upperCaseAdmin", "/ADMIN/users", NONE),
                Arguments.of("upperCaseAssets", "/ASSETS/app.js", NONE));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("pathTricks")
    void pathTricksCannotReachTheGuardedRouteThroughThePublicOne(String name, String raw, String expected) {
        String actual;
        try {
            actual = ADMIN.find("GET", null, RequestPath.parse(raw)).map(m -> m.route().name()).orElse(NONE);
        } catch (RouteException e) {
            assertEquals("path", e.field());
            actual = REFUSED;
        }
        assertEquals(expected, actual);
    }

    @Test
    void restVariableHoldsTheRemainingSegments() {
        RouteMatch m = ADMIN.find("GET", null, RequestPath.parse("/admin/users/42/")).orElseThrow();
        assertEquals(Map.of("page", "users/42"), m.variables());
        assertEquals("users/42", m.resourceId());
    }

    @Test
    void restVariableNeedsAtLeastOneSegment() {
        assertEquals(Optional.empty(), ADMIN.find("GET", null, RequestPath.parse("/admin/")));
    }

    /** Literal beats variable beats rest at the first difference; the longer wins when one is a prefix. */
    static final RouteTable SPECIFICITY = RouteTable.of(List.of(
            get("restRoot", "/{r...}"),
            get("varVar", "/{x}/{y}"),
            get("varFirst", "/{x}/b"),
            get("aRest", "/a/{r...}"),
            get("aVar", "/a/{x}"),
            get("aVarRest", "/a/{x}/{r...}"),
            get("aB", "/a/b"),
            get("aBRest", "/a/b/{r...}"),
            get("aVarC", "/a/{x}/c")));

    static Stream<Arguments> specificity() {
        return Stream.of(
                Arguments.of("/a/b", "aB"),
                Arguments.of("/a/z", "aVar"),
                Arguments.of("/z/b", "varFirst"),
                Arguments.of("/z/y", "varVar"),
                Arguments.of("/a/b/c", "aBRest"),
                Arguments.of("/a/z/c", "aVarC"),
                Arguments.of("/a/z/d", "aVarRest"),
                Arguments.of("/a/z/d/e", "aVarRest"),
                Arguments.of("/z/y/x", "restRoot"),
                Arguments.of("/a", "restRoot"),
                Arguments.of("/", NONE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("specificity")
    void mostSpecificTemplateWins(String path, String expected) {
        assertEquals(expected, SPECIFICITY.find("GET", null, RequestPath.parse(path)).map(m -> m.route().name())
                .orElse(NONE));
    }

    @Test
    void answerDoesNotDependOnTheTableOrder() {
        List<Route> reversed = new ArrayList<>(SPECIFICITY.routes());
        Collections.reverse(reversed);
        RouteTable other = RouteTable.of(reversed);
        for (String path : List.of("/a/b", "/a/z", "/z/b", "/z/y", "/a/b/c", "/a/z/c", "/a/z/d", "/z/y/x", "/a")) {
            RequestPath p = RequestPath.parse(path);
            assertEquals(SPECIFICITY.find("GET", null, p), other.find("GET", null, p), path);
        }
    }

    static Stream<Arguments> templateOrder() {
        return Stream.of(
                Arguments.of("/a/b", "/a/{x}", 1),
                Arguments.of("/a/{x}", "/{y}/b", 1),
                Arguments.of("/a/{x}", "/a/{r...}", 1),
                Arguments.of("/{x}", "/{r...}", 1),
                Arguments.of("/a/b/{r...}", "/a/{x}/c", 1),
                Arguments.of("/a/{x}/c", "/a/{x}", 1),
                Arguments.of("/a/{x}/{r...}", "/a/{r...}", 1),
                Arguments.of("/a", "/", 1),
                Arguments.of("/a/{x}", "/a/{y}", 0),
                Arguments.of("/a/b", "/c/d", 0),
                Arguments.of("/{r...}", "/{s...}", 0));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("templateOrder")
    void templatesCompareByKindThenLength(String stronger, String weaker, int sign) {
        PathTemplate a = PathTemplate.parse(stronger, "path");
        PathTemplate b = PathTemplate.parse(weaker, "path");
        assertEquals(sign, Integer.signum(a.compareSpecificity(b)));
        assertEquals(-sign, Integer.signum(b.compareSpecificity(a)));
    }

    /** Host first (exact, longer wildcard, shorter wildcard, none), then the path. */
    static final RouteTable HOSTS = RouteTable.of(List.of(
            Route.checked("exact", "a.example.com", Set.of("GET"), "/x/{id}", "thing", "{id}", "read"),
            Route.checked("wild", "*.example.com", Set.of("GET"), "/x/{id}", "thing", "{id}", "read"),
            Route.checked("wildDeep", "*.b.example.com", Set.of("GET"), "/x/{id}", "thing", "{id}", "read"),
            Route.checked("any", null, Set.of("GET"), "/x/{id}", "thing", "{id}", "read"),
            Route.checked("anyLiteral", null, Set.of("GET"), "/x/1", "thing", "1", "read"),
            Route.checked("otherWildOnly", "*.other.org", Set.of("GET"), "/y", "thing", "y", "read")));

    static Stream<Arguments> hosts() {
        return Stream.of(
                Arguments.of("a.example.com", "/x/1", "exact"),
                Arguments.of("A.EXAMPLE.COM:80", "/x/1", "exact"),
                Arguments.of("a.example.com.", "/x/1", "exact"),
                Arguments.of("c.example.com", "/x/1", "wild"),
                Arguments.of("c.example.com:8080", "/x/2", "wild"),
                Arguments.of("a.a.example.com", "/x/1", "wild"),
                Arguments.of("c.b.example.com", "/x/1", "wildDeep"),
                Arguments.of("b.example.com", "/x/1", "wild"),
                Arguments.of("example.com", "/x/1", "anyLiteral"),
                Arguments.of("example.com", "/x/2", "any"),
                Arguments.of("aexample.com", "/x/1", "anyLiteral"),
                Arguments.of("example.com.evil.net", "/x/2", "any"),
                Arguments.of(null, "/x/1", "anyLiteral"),
                Arguments.of("", "/x/2", "any"),
                Arguments.of("[::1]:8080", "/x/2", "any"),
                Arguments.of("10.0.0.1", "/x/2", "any"),
                Arguments.of("q.other.org", "/y", "otherWildOnly"),
                Arguments.of("other.org", "/y", NONE),
                Arguments.of(null, "/y", NONE));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("hosts")
    void hostSpecificityComesBeforePathSpecificity(String host, String path, String expected) {
        assertEquals(expected, HOSTS.find("GET", host, RequestPath.parse(path)).map(m -> m.route().name())
                .orElse(NONE));
    }

    static Stream<String> malformedHosts() {
        return Stream.of("evil/.example.com", "a.example.com/x", "a b.example.com", "a.example.com:http",
                "a.example.com:", "a..example.com", "[::1", "[::1]x", "user@a.example.com", "*.example.com",
                "a.example.com:123456", "\u0430.example.com");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHosts")
    void refusesAMalformedRequestHost(String host) {
        RouteException e = assertThrows(RouteException.class, () -> HOSTS.find("GET", host, RequestPath.parse("/x/1")));
        assertEquals("host", e.field());
    }

    static final RouteTable IDS = RouteTable.of(List.of(
            Route.checked("by-query", null, Set.of("GET"), "/search", "invoice", "{q.id}", "read"),
            Route.checked("by-camel-query", null, Set.of("GET"), "/find", "invoice", "{q.invoiceId}", "read"),
            Route.checked("literal", null, Set.of("GET"), "/settings", "settings", "global", "read"),
            Route.checked("by-variable", null, Set.of("GET"), "/invoices/{invoice_id}/lines/{line}", "invoice_line",
                    "{line}", "read")));

    static Stream<Arguments> resourceIds() {
        return Stream.of(
                Arguments.of("/search?id=inv_1", "by-query", "inv_1"),
                Arguments.of("/search?x=1&id=inv_1", "by-query", "inv_1"),
                Arguments.of("/search?id=a%20b", "by-query", "a b"),
                Arguments.of("/search?id=a+b", "by-query", "a b"),
                Arguments.of("/search", "by-query", null),
                Arguments.of("/search?id=", "by-query", null),
                Arguments.of("/search?id", "by-query", null),
                Arguments.of("/search?id=a&id=b", "by-query", null),
                Arguments.of("/search?ID=inv_1", "by-query", null),
                Arguments.of("/find?invoiceId=inv_2", "by-camel-query", "inv_2"),
                Arguments.of("/settings?id=other", "literal", "global"),
                Arguments.of("/invoices/inv_1/lines/7", "by-variable", "7"));
    }

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @MethodSource("resourceIds")
    void resolvesTheResourceId(String path, String route, String resourceId) {
        RouteMatch m = IDS.find("GET", null, RequestPath.parse(path)).orElseThrow();
        assertEquals(route, m.route().name());
        assertEquals(resourceId, m.resourceId());
        assertEquals(resourceId != null, m.hasResourceId());
    }

    @Test
    void matchCarriesThePathVariables() {
        RouteMatch m = IDS.find("GET", null, RequestPath.parse("/invoices/inv_1/lines/7")).orElseThrow();
        assertEquals(Map.of("invoice_id", "inv_1", "line", "7"), m.variables());
    }

    static Stream<Arguments> invalidRoutes() {
        Route ok = get("ok", "/ok");
        return Stream.of(
                invalid("nameMissing", route(null, null, "GET", "/a"), "routes[0].name"),
                invalid("nameWithSpace", route("a b", null, "GET", "/a"), "routes[0].name"),
                invalid("hostEmpty", route("r", "", "GET", "/a"), "routes[0].host"),
                invalid("hostWithScheme", route("r", "http://a.com", "GET", "/a"), "routes[0].host"),
                invalid("hostWithPort", route("r", "a.com:80", "GET", "/a"), "routes[0].host"),
                invalid("hostWildcardAlone", route("r", "*", "GET", "/a"), "routes[0].host"),
                invalid("hostWildcardOnTld", route("r", "*.com", "GET", "/a"), "routes[0].host"),
                invalid("hostWildcardInside", route("r", "a.*.com", "GET", "/a"), "routes[0].host"),
                invalid("methodsEmpty", route("r", null, "", "/a"), "routes[0].methods"),
                invalid("methodsNull", new Route("r", null, null, "/a", "t", "i", "a", false), "routes[0].methods"),
                invalid("methodLowerCase", route("r", null, "get", "/a"), "routes[0].methods"),
                invalid("methodUnknown", route("r", null, "TRACE", "/a"), "routes[0].methods"),
                invalid("methodNull", new Route("r", null, new HashSet<>(Arrays.asList("GET", null)), "/a", "t", "i",
                        "a", false), "routes[0].methods"),
                invalid("pathMissing", route("r", null, "GET", null), "routes[0].path"),
                invalid("pathEmpty", route("r", null, "GET", ""), "routes[0].path"),
                invalid("pathRelative", route("r", null, "GET", "a/b"), "routes[0].path"),
                invalid("pathTrailingSlash", route("r", null, "GET", "/a/"), "routes[0].path"),
                invalid("pathDoubleSlash", route("r", null, "GET", "/a//b"), "routes[0].path"),
                invalid("pathDotDot", route("r", null, "GET", "/a/../b"), "routes[0].path"),
                invalid("pathDot", route("r", null, "GET", "/a/./b"), "routes[0].path"),
                invalid("pathPercent", route("r", null, "GET", "/a%20b"), "routes[0].path"),
                invalid("pathSemicolon", route("r", null, "GET", "/a;b"), "routes[0].path"),
                invalid("pathBackslash", route("r", null, "GET", "/a\\b"), "routes[0].path"),
                invalid("pathQuery", route("r", null, "GET", "/a?b"), "routes[0].path"),
                invalid("variableUpperCase", route("r", null, "GET", "/{Id}"), "routes[0].path"),
                invalid("variableDigitFirst", route("r", null, "GET", "/{1d}"), "routes[0].path"),
                invalid("variableEmpty", route("r", null, "GET", "/{}"), "routes[0].path"),
                invalid("variableInsideText", route("r", null, "GET", "/inv-{id}"), "routes[0].path"),
                invalid("variableTwice", route("r", null, "GET", "/{id}/{id}"), "routes[0].path"),
                invalid("restNotLast", route("r", null, "GET", "/{r...}/b"), "routes[0].path"),
                invalid("publicWithResourceType", new Route("r", null, Set.of("GET"), "/a", "t", null, null, true),
                        "routes[0].resource_type"),
                invalid("publicWithResourceId", new Route("r", null, Set.of("GET"), "/a", null, "i", null, true),
                        "routes[0].resource_id"),
                invalid("publicWithAction", new Route("r", null, Set.of("GET"), "/a", null, null, "read", true),
                        "routes[0].action"),
                invalid("checkedWithoutResourceType", new Route("r", null, Set.of("GET"), "/a", null, "i", "read",
                        false), "routes[0].resource_type"),
                invalid("checkedWithoutAction", new Route("r", null, Set.of("GET"), "/a", "t", "i", null, false),
                        "routes[0].action"),
                invalid("checkedWithoutResourceId", new Route("r", null, Set.of("GET"), "/a", "t", null, "read",
                        false), "routes[0].resource_id"),
                invalid("checkedWithEmptyResourceId", new Route("r", null, Set.of("GET"), "/a", "t", "", "read",
                        false), "routes[0].resource_id"),
                invalid("resourceTypeWithSpace", new Route("r", null, Set.of("GET"), "/a", "in voice", "i", "read",
                        false), "routes[0].resource_type"),
                invalid("resourceIdNamesNoVariable", Route.checked("r", null, Set.of("GET"), "/a/{id}", "t", "{idd}",
                        "read"), "routes[0].resource_id"),
                invalid("resourceIdEmptyQueryName", Route.checked("r", null, Set.of("GET"), "/a", "t", "{q.}",
                        "read"), "routes[0].resource_id"),
                invalid("resourceIdHalfBrace", Route.checked("r", null, Set.of("GET"), "/a/{id}", "t", "{id",
                        "read"), "routes[0].resource_id"),
                invalid("resourceIdHyphenVariable", Route.checked("r", null, Set.of("GET"), "/a/{id}", "t",
                        "{invoice-id}", "read"), "routes[0].resource_id"),
                invalid("secondRouteIndexed", List.of(ok, route("r", null, "GET", "/a/")), "routes[1].path"),
                invalid("duplicateName", List.of(ok, get("ok", "/other")), "routes[1].name"),
                invalid("nullRoute", Arrays.asList(ok, null), "routes[1]"),
                invalid("nullList", (List<Route>) null, "routes"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("invalidRoutes")
    void refusesAnInvalidRoute(String name, List<Route> routes, String field) {
        RouteException e = assertThrows(RouteException.class, () -> RouteTable.of(routes));
        assertEquals(field, e.field(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    static Stream<Arguments> validRoutes() {
        return Stream.of(
                Arguments.of("root", get("r", "/")),
                Arguments.of("restAtRoot", get("r", "/{rest...}")),
                Arguments.of("underscoreVariable", Route.checked("r", null, Set.of("GET"), "/{_id}", "t", "{_id}",
                        "read")),
                Arguments.of("queryId", Route.checked("r", null, Set.of("GET"), "/a", "t", "{q.invoice_id}",
                        "read")),
                Arguments.of("literalId", Route.checked("r", null, Set.of("GET"), "/a", "t", "global", "read")),
                Arguments.of("restVariableId", Route.checked("r", null, Set.of("GET"), "/a/{p...}", "t", "{p}",
                        "read")),
                Arguments.of("upperCaseHost", Route.checked("r", "Billing.Example.com", Set.of("GET"), "/a", "t",
                        "i", "read")),
                Arguments.of("wildcardHost", Route.checked("r", "*.example.com", Set.of("GET"), "/a", "t", "i",
                        "read")),
                Arguments.of("allMethods", Route.checked("r", null, Route.KNOWN_METHODS, "/a", "t", "i", "read")),
                Arguments.of("literalWithDotsAndColon", get("r", "/v1.2/items:batch")),
                Arguments.of("publicWithoutResource", Route.publicRoute("r", null, Set.of("GET"), "/a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRoutes")
    void acceptsAValidRoute(String name, Route route) {
        assertEquals(List.of(route), RouteTable.of(List.of(route)).routes());
    }

    @Test
    void acceptsAnEmptyTableThatMatchesNothing() {
        assertEquals(Optional.empty(), RouteTable.of(List.of()).find("GET", null, RequestPath.parse("/")));
    }

    static Stream<Arguments> ties() {
        return Stream.of(
                tie("sameTemplateOtherVariableName", get("one", "/a/{x}"), get("two", "/a/{y}"), true),
                tie("sameLiteralPath", get("one", "/a/b"), get("two", "/a/b"), true),
                tie("root", get("one", "/"), get("two", "/"), true),
                tie("sameRest", get("one", "/a/{r...}"), get("two", "/a/{s...}"), true),
                tie("publicAndChecked", Route.publicRoute("one", null, Set.of("GET"), "/healthz"),
                        get("two", "/healthz"), true),
                tie("methodsOverlap", on("one", null, Set.of("GET", "HEAD"), "/a/{x}"),
                        on("two", null, Set.of("HEAD", "POST"), "/a/{y}"), true),
                tie("sameHostOtherCase", on("one", "a.example.com", Set.of("GET"), "/a"),
                        on("two", "A.Example.Com", Set.of("GET"), "/a"), true),
                tie("sameWildcard", on("one", "*.example.com", Set.of("GET"), "/a"),
                        on("two", "*.example.com", Set.of("GET"), "/a"), true),
                tie("literalFirstWins", get("one", "/a/{x}"), get("two", "/{y}/b"), false),
                tie("variableBeatsRest", get("one", "/a/{x}"), get("two", "/a/{r...}"), false),
                tie("longerWins", get("one", "/a/{x}"), get("two", "/a/{x}/{y}"), false),
                tie("differentLiterals", get("one", "/a/b"), get("two", "/a/c"), false),
                tie("disjointMethods", on("one", null, Set.of("GET"), "/a/{x}"),
                        on("two", null, Set.of("POST"), "/a/{y}"), false),
                tie("getDoesNotImplyHead", on("one", null, Set.of("GET"), "/a"),
                        on("two", null, Set.of("HEAD"), "/a"), false),
                tie("differentHosts", on("one", "a.example.com", Set.of("GET"), "/a"),
                        on("two", "b.example.com", Set.of("GET"), "/a"), false),
                tie("exactBeatsNoHost", on("one", "a.example.com", Set.of("GET"), "/a"),
                        on("two", null, Set.of("GET"), "/a"), false),
                tie("exactBeatsWildcard", on("one", "a.example.com", Set.of("GET"), "/a"),
                        on("two", "*.example.com", Set.of("GET"), "/a"), false),
                tie("longerWildcardWins", on("one", "*.b.example.com", Set.of("GET"), "/a"),
                        on("two", "*.example.com", Set.of("GET"), "/a"), false),
                tie("disjointWildcards", on("one", "*.a.com", Set.of("GET"), "/a"),
                        on("two", "*.b.com", Set.of("GET"), "/a"), false));
    }

    @ParameterizedTest(name = "{0}: tie {3}")
    @MethodSource("ties")
    void refusesTiesAtBuild(String name, Route one, Route two, boolean ties) {
        if (ties) {
            RouteException e = assertThrows(RouteException.class, () -> RouteTable.of(List.of(one, two)));
            assertEquals("routes[1].path", e.field());
            assertTrue(e.getMessage().contains("'one'") && e.getMessage().contains("'two'"), e.getMessage());
        } else {
            assertEquals(2, RouteTable.of(List.of(one, two)).routes().size());
        }
    }

    @Test
    void tieAmongManyRoutesNamesBoth() {
        RouteException e = assertThrows(RouteException.class, () -> RouteTable.of(List.of(
                get("a", "/x"), get("b", "/x/{id}"), get("c", "/y"), get("d", "/x/{other}"))));
        assertEquals("routes[3].path", e.field());
        assertTrue(e.getMessage().contains("'b' (routes[1])") && e.getMessage().contains("'d' (routes[3])"),
                e.getMessage());
    }

    @Test
    void routeIsImmutable() {
        Set<String> methods = new HashSet<>(Set.of("GET"));
        Route r = on("r", null, methods, "/a");
        methods.add("POST");
        assertEquals(Set.of("GET"), r.methods());
        assertThrows(UnsupportedOperationException.class, () -> r.methods().add("PUT"));
    }

    static Route get(String name, String path) {
        return on(name, null, Set.of("GET"), path);
    }

    static Route on(String name, String host, Set<String> methods, String path) {
        return Route.checked(name, host, methods, path, "thing", "literal", "read");
    }

    private static Route route(String name, String host, String methods, String path) {
        Set<String> set = methods.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(methods.split(",")));
        return new Route(name, host, set, path, "thing", "literal", "read", false);
    }

    private static Arguments invalid(String name, Route route, String field) {
        return Arguments.of(name, List.of(route), field);
    }

    private static Arguments invalid(String name, List<Route> routes, String field) {
        return Arguments.of(name, routes, field);
    }

    private static Arguments tie(String name, Route one, Route two, boolean ties) {
        return Arguments.of(name, one, two, ties);
    }
}
