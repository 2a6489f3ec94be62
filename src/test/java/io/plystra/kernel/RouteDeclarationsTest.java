package io.plystra.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Every REST route declares who may call it, and the declarations say what the API contract says:
 * which permission key each route needs and where the caller must hold it. No server: the
 * declarations are read from the resource classes as {@link AccessFilter} reads them.
 */
class RouteDeclarationsTest {

    static final Caller SPACE_ADMIN = caller(new AdminGrant("g1", "space_admin", "space_acme", null, null, "*"));
    static final Caller GROUP_ADMIN = caller(new AdminGrant("g2", "group_admin", "space_acme", "group_finance", "finance", "*"));
    static final Caller INSTANCE_READER = caller(new AdminGrant("g3", "instance_admin", null, null, null, "users:read"));

    static final List<Endpoint> ENDPOINTS = endpoints();

    @Test
    void everyRouteDeclaresWhoMayCallIt() {
        List<String> undeclared = ENDPOINTS.stream().filter(e -> e.route().access() == AccessFilter.Access.UNDECLARED)
                .map(Endpoint::toString).toList();
        assertEquals(List.of(), undeclared, "REST methods without @Public, @SessionOnly or @Requires");
        assertTrue(ENDPOINTS.size() > 80, "the scan must see the resources: " + ENDPOINTS.size());
    }

    /** docs/api.md lists every route with its declaration; on a mismatch the message holds the table to paste. */
    @Test
    void apiReferenceListsEveryRoute() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/api.md"));
        List<String> expected = ENDPOINTS.stream()
                .sorted(java.util.Comparator.comparing(Endpoint::template).thenComparing(Endpoint::method))
                .map(e -> "| " + e.method() + " | `" + e.template() + "` | " + declaration(e.route()) + " |").toList();
        List<String> documented = doc.lines().filter(l -> l.matches("\\| (GET|POST|PUT|PATCH|DELETE) \\| `/.*")).toList();
        assertEquals(String.join("\n", expected), String.join("\n", documented),
                "docs/api.md's route table differs from the declarations; the expected table is the first block");
    }

    private static String declaration(AccessFilter.Route route) {
        return switch (route.access()) {
            case PUBLIC -> "public";
            case SESSION -> "user session";
            case UNDECLARED -> "UNDECLARED";
            case ADMIN -> "`" + route.permission() + "` " + switch (route.scope()) {
                case INSTANCE -> "instance";
                case SPACE -> "in the space `{" + route.spaceParam() + "}`";
                case GROUP -> "in the space `{" + route.spaceParam() + "}` or a group of it";
                case SOME_SPACE -> "anywhere, narrowed";
            } + (Requires.GATEWAY_KEY.equals(route.credentialHeader()) ? ", the gateway's key in `" + Requires.GATEWAY_KEY + "`" : "")
                    + (route.serviceKeys() ? ", or a service's own key about itself" : "");
        };
    }

    @Test
    void mapsRoutesToPermissionKeys() {
        assertEquals("users:read", route("GET", "/api/v1/users/user_alice").permission());
        assertEquals("admin_grants:manage", route("POST", "/api/v1/admin/grants").permission());
        assertEquals("api_keys:read", route("GET", "/api/v1/api-keys").permission());
        assertEquals("audit:read", route("GET", "/api/v1/spaces/space_acme/audit/logs").permission());
        assertEquals("roles:manage", route("POST", "/api/v1/spaces/space_acme/member-roles").permission());
        assertEquals("registry:read", route("GET", "/api/v1/resource-types/invoice/actions").permission());
        assertEquals("authz:check", route("POST", "/api/v1/authz/explain").permission());
        assertEquals(AccessFilter.Access.SESSION, route("GET", "/api/v1/admin/me").access());
        assertEquals(AccessFilter.Access.SESSION, route("POST", "/api/v1/actor/switch-member").access());
        assertEquals(AccessFilter.Access.PUBLIC, route("POST", "/api/v1/auth/refresh").access());
        assertEquals(AccessFilter.Access.PUBLIC, route("GET", "/api/v1/ready").access());
    }

    @Test
    void readsNeedReadAndEverythingElseManage() {
        for (Endpoint e : ENDPOINTS) {
            String permission = e.route().permission();
            if (permission == null || permission.startsWith("authz:") || permission.startsWith("audit:")) {
                continue;
            }
            String verb = e.method().equals("GET") ? ":read" : ":manage";
            assertTrue(permission.endsWith(verb), e + " declares " + permission);
        }
    }

    /** A service's own key carries no admin permission: it is taken by check and explain only (about itself). */
    @Test
    void serviceKeysAreTakenByTheSingleDecisionRoutesAlone() {
        List<String> taking = ENDPOINTS.stream().filter(e -> e.route().serviceKeys()).map(Endpoint::toString).sorted().toList();
        assertEquals(List.of("POST /api/v1/authz/allowed-columns", "POST /api/v1/authz/check", "POST /api/v1/authz/check-columns",
                "POST /api/v1/authz/explain"), taking);
        Caller service = new Caller(null, "skey_1", null, null,
                new Caller.Actor(null, "member_svc", null, "space_acme", "svc_1"), List.of());
        assertTrue(service.isService());
        assertFalse(permits(service, "GET", "/api/v1/spaces/space_acme/members"));
        assertFalse(permits(service, "POST", "/api/v1/authz/batch-check"));
        assertFalse(service.holdsAnywhere("authz:check"));
    }

    @Test
    void spaceAndGroupAdminsNeverOpenUsers() {
        assertFalse(permits(SPACE_ADMIN, "GET", "/api/v1/users"));
        assertFalse(permits(GROUP_ADMIN, "POST", "/api/v1/users/user_bob/disable"));
        assertTrue(permits(INSTANCE_READER, "GET", "/api/v1/users"));
    }

    @Test
    void spaceRoutesNeedThePermissionInThatSpace() {
        assertTrue(permits(SPACE_ADMIN, "POST", "/api/v1/spaces/space_acme/groups"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/spaces/space_acme/members"));
        assertFalse(permits(SPACE_ADMIN, "GET", "/api/v1/spaces/space_other/groups"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/spaces/space_other"));
        assertTrue(permits(SPACE_ADMIN, "GET", "/api/v1/spaces"));
        assertFalse(permits(INSTANCE_READER, "GET", "/api/v1/spaces"));
        assertFalse(permits(SPACE_ADMIN, "POST", "/api/v1/spaces"));
    }

    @Test
    void groupAdminOpensOnlyGroupRoutesOfItsSpaceAndOnlyItsSubtree() {
        assertTrue(permits(GROUP_ADMIN, "GET", "/api/v1/spaces/space_acme/groups/tree"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/spaces/space_acme/member-roles"));
        assertTrue(permits(GROUP_ADMIN, "POST", "/api/v1/spaces/space_acme/groups/g/disable"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/spaces/space_other/groups"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/spaces/space_acme"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/admin/grants"));
        assertFalse(permits(GROUP_ADMIN, "GET", "/api/v1/audit/logs"));
        assertTrue(GROUP_ADMIN.spacesWith("groups:read").isEmpty());

        assertTrue(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "finance"));
        assertTrue(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "finance.apac.sg"));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "finance_old"));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", "sales"));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_acme", null));
        assertFalse(GROUP_ADMIN.holdsForGroup("groups:manage", "space_other", "finance"));
        assertTrue(SPACE_ADMIN.holdsForGroup("groups:manage", "space_acme", null));
    }

    @Test
    void grantLevelsRankBroadestFirst() {
        AdminGrant superAdmin = new AdminGrant("s", "instance_super_admin", null, null, null, "*");
        assertTrue(superAdmin.atLeast("instance_admin"));
        assertTrue(SPACE_ADMIN.grants().get(0).atLeast("group_admin"));
        assertFalse(GROUP_ADMIN.grants().get(0).atLeast("space_admin"));
        assertTrue(AdminGrant.wellFormedKey("users:*"));
        assertFalse(AdminGrant.wellFormedKey("users"));
        assertFalse(AdminGrant.wellFormedKey("*:read"));
    }

    private static boolean permits(Caller caller, String method, String path) {
        Endpoint e = endpoint(method, path);
        Map<String, String> params = e.params(path);
        return e.route().permits(caller, params::get);
    }

    private static AccessFilter.Route route(String method, String path) {
        return endpoint(method, path).route();
    }

    /** The endpoint JAX-RS would pick: literal segments win over parameters. */
    private static Endpoint endpoint(String method, String path) {
        return ENDPOINTS.stream().filter(e -> e.method().equals(method) && e.pattern().matcher(path).matches())
                .max((a, b) -> Integer.compare(a.literalLength(), b.literalLength()))
                .orElseThrow(() -> new AssertionError("no route " + method + " " + path));
    }

    private static Caller caller(AdminGrant grant) {
        return new Caller("ses", null, "user", "user@example.test", null, List.of(grant));
    }

    record Endpoint(String method, String template, Pattern pattern, List<String> names, AccessFilter.Route route) {

        Map<String, String> params(String path) {
            Matcher m = pattern.matcher(path);
            m.matches();
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), m.group(i + 1));
            }
            return params;
        }

        int literalLength() {
            return template.replaceAll("\\{[^}]+}", "").length();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    static List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.plystra")) {
            if (!c.isAnnotatedWith(jakarta.ws.rs.Path.class)) {
                continue;
            }
            Class<?> type = c.reflect();
            String base = type.getAnnotation(jakarta.ws.rs.Path.class).value();
            for (Method m : type.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                String template = sub == null ? base : base.replaceAll("/$", "") + "/" + sub.value().replaceAll("^/", "");
                List<String> names = new ArrayList<>();
                Matcher params = Pattern.compile("\\{([^}:]+)}").matcher(template);
                StringBuilder regex = new StringBuilder();
                int last = 0;
                while (params.find()) {
                    regex.append(Pattern.quote(template.substring(last, params.start()))).append("([^/]+)");
                    names.add(params.group(1));
                    last = params.end();
                }
                regex.append(Pattern.quote(template.substring(last)));
                endpoints.add(new Endpoint(verb, template, Pattern.compile(regex.toString()), names, AccessFilter.Route.of(m, type)));
            }
        }
        return endpoints;
    }

    private static String httpMethod(Method m) {
        for (var a : m.getAnnotations()) {
            jakarta.ws.rs.HttpMethod http = a.annotationType().getAnnotation(jakarta.ws.rs.HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }
}
