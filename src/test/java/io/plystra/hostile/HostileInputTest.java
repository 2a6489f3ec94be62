package io.plystra.hostile;

import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Hostile input over the admin and authz routes: generated requests (fixed seed, printed; override
 * with {@code -Dhostile.seed=N}) of random and truncated JSON, deep nesting, huge bodies,
 * non-UTF-8 bytes, NUL and control characters, SQL and LIKE metacharacters in every id path
 * parameter and every query filter, very long headers and URLs. Every answer must be below 500,
 * JSON in the error envelope (or a bare 4xx from the HTTP codec, for requests it refuses before
 * any application code runs: 414, 431, a malformed request line), free of stack traces and class
 * names; and {@code /authz/check} must never allow a request mutated from the demo's allowed case.
 * Writes go only to a scratch space, user and resource type made here, never to demo rows.
 * Case counts per input class are printed at the end (docs/reliability.md keeps a copy).
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class HostileInputTest {

    static final long SEED = Long.getLong("hostile.seed", 20261201L);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Text that must never reach a client: stack frames, exception and framework class names, SQL errors. */
    static final Pattern LEAK = Pattern.compile("\\bat [\\w$.]+\\(|\\.java:\\d+|[A-Z][A-Za-z]+(Exception|Error)\\b|Caused by"
            + "|org\\.hibernate|io\\.vertx|io\\.quarkus|io\\.smallrye|com\\.fasterxml|java\\.lang\\.|jakarta\\.|SQLSTATE|\\bERROR:");
    static final String META = "'\";-%_\\*()[]|&$=<>,:!?#@^~`+ ";
    static final List<String> SQL = List.of("'", "\"", ";", "--", "%", "_", "\\", "%%", "_%", "%_", "' OR '1'='1", "' OR 1=1 --",
            "'; DROP TABLE users; --", "\" OR \"\"=\"", "%' OR '%'='", "\\'", "\\%", "\\_", "' UNION SELECT id FROM users --",
            "1; SELECT pg_sleep(5)", "$1", "/* */", "[a-z]%", "*", "' || '", "E'\\x00'");

    static final Map<String, Tally> TALLIES = new LinkedHashMap<>();
    static final List<String> FAILURES = new ArrayList<>();

    @TestHTTPResource("/")
    URL base;

    static RawHttp http;
    static String session;
    static String apiKey;
    static Map<String, String> ids;
    static ObjectNode allowed;

    /** Cases and statuses of one input class. */
    static final class Tally {
        int cases;
        /** Status, marked "bare" when the HTTP codec answered without a body (before any application code). */
        final TreeMap<String, Integer> statuses = new TreeMap<>();
    }

    /** Where a refusal may come from: our code (always the envelope), or the HTTP codec before it (a bare 4xx allowed). */
    enum Source { APP, CODEC }

    record Template(String method, String path, String body, String auth) {
    }

    /** Once, before the first case (RestAssured knows the test port only once a test runs). */
    static void scratchWorld() {
        if (ids != null) {
            return;
        }
        System.out.println("HostileInputTest seed=" + SEED + " (override with -Dhostile.seed=N)");
        String n = Long.toString(System.nanoTime(), 36);
        Map<String, String> m = new LinkedHashMap<>();
        String space = "/api/v1/spaces/hx_space_" + n;
        m.put("SID", create("/api/v1/spaces", Map.of("id", "hx_space_" + n, "name", "hostile scratch")));
        m.put("UID", create("/api/v1/users", Map.of("id", "hx_user_" + n, "email", "hx_" + n + "@example.test",
                "password", "hostile-password-1")));
        m.put("GID", create(space + "/groups", Map.of("id", "hx_group_" + n, "path", "hx")));
        m.put("MID", create(space + "/members", Map.of("id", "hx_member_" + n, "display_name", "m")));
        m.put("UMID", create(space + "/user-members", Map.of("id", "hx_um_" + n, "user_id", m.get("UID"), "member_id", m.get("MID"),
                "relation_type", "delegate")));
        m.put("RID", create(space + "/roles", Map.of("id", "hx_role_" + n, "key", "hx", "name", "r")));
        m.put("TYPE", "hx_type_" + n);
        asAdmin().body(Map.of("key", m.get("TYPE"), "display_name", "t")).post("/api/v1/resource-types").then().statusCode(201);
        asAdmin().body(Map.of("key", "read", "display_name", "r", "risk_level", "low"))
                .post("/api/v1/resource-types/" + m.get("TYPE") + "/actions").then().statusCode(201);
        m.put("PID", create("/api/v1/permissions", Map.of("id", "hx_perm_" + n, "resource", m.get("TYPE"), "action", "read",
                "scope", "space")));
        m.put("RPID", create("/api/v1/role-permissions", Map.of("id", "hx_rp_" + n, "role_id", m.get("RID"),
                "permission_id", m.get("PID"))));
        m.put("MRID", create(space + "/member-roles", Map.of("id", "hx_mr_" + n, "member_id", m.get("MID"), "role_id", m.get("RID"))));
        m.put("RESID", create(space + "/resources", Map.of("id", "hx_res_" + n, "resource_type", m.get("TYPE"),
                "group_id", m.get("GID"), "owner_member_id", m.get("MID"), "display_name", "d")));
        m.put("GRANTID", create("/api/v1/admin/grants", Map.of("user_id", m.get("UID"), "level", "space_admin",
                "space_id", m.get("SID"), "permission_key", "users:read")));
        var service = asAdmin().body(Map.of("id", "hx_svc_" + n, "name", "hostile service")).post(space + "/services")
                .then().statusCode(201).extract();
        m.put("SVCID", service.path("data.id"));
        m.put("SKEYID", create("/api/v1/services/" + m.get("SVCID") + "/keys", Map.of("id", "hx_skey_" + n, "name", "k")));
        var key = asAdmin().body(Map.of("name", "hostile gateway", "permission_keys", List.of("authz:check")))
                .post("/api/v1/api-keys").then().statusCode(201).extract();
        m.put("KEYID", key.path("data.id"));
        apiKey = key.path("data.key");
        // A session of its own, so nothing here touches the cached session the other tests share.
        session = given().contentType(ContentType.JSON).body(Map.of("email", "alice@example.com", "password", "plystra-demo"))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("data.access_token");
        allowed = JSON.createObjectNode();
        allowed.putObject("actor").put("user_id", "user_alice").put("member_id", "member_finance_reviewer")
                .put("user_member_id", "um_alice_finance_reviewer").put("space_id", "space_acme");
        allowed.put("resource_type", "invoice").put("resource_id", "invoice_001").put("action", "approve");
        ids = m;
    }

    static String create(String path, Map<String, Object> body) {
        return asAdmin().body(body).post(path).then().log().ifValidationFails().statusCode(201).extract().path("data.id");
    }

    @AfterAll
    static void summary() {
        System.out.println("HostileInputTest seed=" + SEED + ": cases per input class");
        int total = 0;
        for (Map.Entry<String, Tally> e : TALLIES.entrySet()) {
            System.out.printf("| %s | %d | %s |%n", e.getKey(), e.getValue().cases, e.getValue().statuses);
            total += e.getValue().cases;
        }
        System.out.println("| total | " + total + " | |");
    }

    // ---------------------------------------------------------------- input classes

    @Test
    void leakPatternRecognisesAStackTrace() {
        assertTrue(LEAK.matcher("java.lang.IllegalStateException: x\n\tat io.plystra.Foo.bar(Foo.java:12)").find());
        assertTrue(LEAK.matcher("{\"message\":\"ERROR: invalid byte sequence (22021)\"}").find());
        assertTrue(!LEAK.matcher("{\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"unexpected server error\"}}").find());
    }

    @Test
    void sqlAndLikeMetacharactersInEveryIdPathParameter() throws IOException {
        Random random = new Random(SEED + 1);
        for (String[] route : idRoutes()) {
            for (int i = 0; i < 6; i++) {
                String id = i < 2 ? SQL.get(random.nextInt(SQL.size())) : metachars(random, 1 + random.nextInt(24));
                String target = route[1].replace("%s", encode(id));
                send("SQL/LIKE metacharacters in id path parameters", route[0], target, route[0].equals("GET") ? null : "",
                        session, Source.APP, status -> status == 404);
            }
        }
    }

    @Test
    void sqlAndLikeMetacharactersInEveryQueryFilter() throws IOException {
        Random random = new Random(SEED + 2);
        for (Map.Entry<String, List<String>> route : listRoutes().entrySet()) {
            for (String filter : route.getValue()) {
                for (int i = 0; i < 3; i++) {
                    String value = i == 0 ? SQL.get(random.nextInt(SQL.size())) : i == 1 ? List.of("%", "_", "%%", "_%").get(random.nextInt(4))
                            : metachars(random, 1 + random.nextInt(40));
                    RawHttp.Reply reply = send("SQL/LIKE metacharacters in query filters", "GET",
                            expand(route.getKey()) + "?" + filter + "=" + encode(value), null, session, Source.APP, null);
                    onlyRowsWith(reply, filter, value);
                }
            }
        }
    }

    @Test
    void nulAndControlCharacters() throws IOException {
        Random random = new Random(SEED + 3);
        String tally = "NUL and control characters";
        for (Template t : templates()) {
            JsonNode body = JSON.readTree(expand(t.body()));
            for (String pointer : stringLeaves(body, "")) {
                ObjectNode copy = body.deepCopy();
                set(copy, pointer, "a" + control(random) + "b");
                send(tally, t.method(), expand(t.path()), copy.toString(), t.auth(), Source.APP, status -> status == 400);
            }
            if (body.isObject()) {
                ObjectNode copy = body.deepCopy();
                copy.put("k" + control(random), "v");
                send(tally, t.method(), expand(t.path()), copy.toString(), t.auth(), Source.APP, status -> status == 400);
            }
        }
        for (String[] route : idRoutes()) {
            String id = "x" + control(random) + "y";
            send(tally, route[0], route[1].replace("%s", encode(id)), route[0].equals("GET") ? null : "", session, Source.APP,
                    status -> status == 404);
        }
        for (Map.Entry<String, List<String>> route : listRoutes().entrySet()) {
            String filter = route.getValue().get(random.nextInt(route.getValue().size()));
            send(tally, "GET", expand(route.getKey()) + "?" + filter + "=" + encode("a" + control(random)), null, session, Source.APP,
                    status -> status == 400);
        }
        // Raw control bytes in header values: the codec may refuse them; if it lets them through, they must not hurt.
        for (String header : List.of("User-Agent", "X-Request-ID", "X-Forwarded-For", "Accept-Language")) {
            for (char c : new char[] {0, 1, 0x1b, 0x7f}) {
                sendRaw(tally, new RawHttp.Request("POST", "/api/v1/authz/check".getBytes(StandardCharsets.US_ASCII),
                        List.<String[]>of(new String[] {"Authorization", "Bearer " + apiKey}, new String[] {"Content-Type", "application/json"},
                                new String[] {header, "a" + c + "b"}),
                        allowed.toString().getBytes(StandardCharsets.UTF_8), false, true), Source.CODEC, null, false);
            }
        }
    }

    @Test
    void randomAndTruncatedJson() throws IOException {
        Random random = new Random(SEED + 4);
        String tally = "random and truncated JSON";
        List<String> tokens = List.of("{", "}", "[", "]", ":", ",", "\"a\"", "\"\"", "null", "true", "1", "-0", "1e999", "\"\\u", "\\",
                "\"x", "'", "NaN", "Infinity", "0x10", "//", "/*", "\u00e9");
        for (Template t : templates()) {
            String template = expand(t.body());
            JsonNode tree = JSON.readTree(template);
            List<String> bodies = new ArrayList<>();
            bodies.add(template.substring(0, 1 + random.nextInt(template.length() - 1)));
            char[] flipped = template.toCharArray();
            String flips = "{}[],:\"\\ 0aZ\u00e9";
            flipped[random.nextInt(flipped.length)] = flips.charAt(random.nextInt(flips.length()));
            bodies.add(new String(flipped));
            List<String> fields = new ArrayList<>();
            tree.fieldNames().forEachRemaining(fields::add);
            ObjectNode wrongType = tree.deepCopy();
            wrongType.set(fields.get(random.nextInt(fields.size())), JSON.readTree(List.of("123", "-1.5e308", "1e999", "true", "null", "[]",
                    "{}", "[\"x\"]", "{\"a\":1}", "\"\"", "123456789012345678901234567890").get(random.nextInt(11))));
            bodies.add(wrongType.toString());
            ObjectNode unknown = tree.deepCopy();
            unknown.put("zz_" + metachars(random, 5), 1);
            bodies.add(unknown.toString());
            bodies.add(List.of("null", "[]", "\"str\"", "0", "true", "", " ", "{}", "{\"\":\"\"}", "[{}]").get(random.nextInt(10)));
            StringBuilder soup = new StringBuilder();
            for (int i = 0, n = 1 + random.nextInt(30); i < n; i++) {
                soup.append(tokens.get(random.nextInt(tokens.size())));
            }
            bodies.add(soup.toString());
            String field = fields.get(random.nextInt(fields.size()));
            bodies.add(template.substring(0, template.length() - 1) + ",\"" + field + "\":\"" + metachars(random, 8).replace("\\", "")
                    .replace("\"", "") + "\"}");
            bodies.add(template + List.of("}", "x", ",", "{}", "\u0000").get(random.nextInt(5)));
            for (String body : bodies) {
                send(tally, t.method(), expand(t.path()), body, t.auth(), Source.APP, null);
            }
        }
    }

    @Test
    void deeplyNestedJson() throws IOException {
        String tally = "deeply nested JSON (10,000 levels)";
        String arrays = "[".repeat(10_000) + "]".repeat(10_000);
        String objects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        for (Template t : templates()) {
            if (!t.method().equals("POST") && !t.method().equals("PATCH")) {
                continue;
            }
            send(tally, t.method(), expand(t.path()), arrays, t.auth(), Source.APP, status -> status == 400);
            send(tally, t.method(), expand(t.path()), objects, t.auth(), Source.APP, status -> status == 400);
            String field = JSON.readTree(expand(t.body())).fieldNames().next();
            send(tally, t.method(), expand(t.path()), "{\"" + field + "\":" + arrays + "}", t.auth(), Source.APP, status -> status == 400);
        }
    }

    @Test
    void hugeBodies() throws IOException {
        Random random = new Random(SEED + 6);
        String tally = "huge bodies";
        byte[] overMiB = ("{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] overHard = ("{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/api/v1/spaces", "/api/v1/authz/check", "/api/v1/auth/login", "/api/v1/users")) {
            String auth = path.contains("authz") ? apiKey : path.contains("/auth/") ? null : session;
            // Declared over 1 MiB: 413 in the envelope before anything reads the body.
            send(tally, "POST", path, overMiB, auth, false, Source.APP, status -> status == 413);
            // Chunked over the server's 2 MiB hard limit: 413 (bare: the HTTP layer refuses it).
            send(tally, "POST", path, overHard, auth, true, Source.CODEC, status -> status == 413);
        }
        // A length far beyond anything, with a small body.
        sendRaw(tally, new RawHttp.Request("POST", "/api/v1/spaces".getBytes(StandardCharsets.US_ASCII),
                List.<String[]>of(new String[] {"Authorization", "Bearer " + session}, new String[] {"Content-Type", "application/json"},
                        new String[] {"Content-Length", "10737418240"}), "{}".getBytes(StandardCharsets.UTF_8), false, false),
                Source.APP, status -> status == 413, false);
        // Big incompressible values just under the limits, in every field that has a unique or plain index.
        for (Template t : templates()) {
            JsonNode body = JSON.readTree(expand(t.body()));
            for (String pointer : stringLeaves(body, "")) {
                ObjectNode copy = body.deepCopy();
                set(copy, pointer, randomText(random, 200 * 1024));
                send(tally, t.method(), expand(t.path()), copy.toString(), t.auth(), Source.APP, null);
            }
        }
    }

    @Test
    void nonUtf8Bytes() throws IOException {
        String tally = "non-UTF-8 bytes";
        byte[][] bad = {{(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xe9}};
        for (Template t : templates()) {
            String body = expand(t.body());
            int quote = body.indexOf("\":\"") + 3;
            if (quote < 3) {
                continue;
            }
            for (byte[] b : bad) {
                byte[] head = body.substring(0, quote).getBytes(StandardCharsets.UTF_8);
                byte[] tail = body.substring(quote).getBytes(StandardCharsets.UTF_8);
                byte[] mixed = new byte[head.length + b.length + tail.length];
                System.arraycopy(head, 0, mixed, 0, head.length);
                System.arraycopy(b, 0, mixed, head.length, b.length);
                System.arraycopy(tail, 0, mixed, head.length + b.length, tail.length);
                send(tally, t.method(), expand(t.path()), mixed, t.auth(), false, Source.APP, null);
            }
            send(tally, t.method(), expand(t.path()), body.substring(0, quote) + "\\ud800\\udfff\\udc00" + body.substring(quote), t.auth(),
                    Source.APP, null);
            send(tally, t.method(), expand(t.path()), body.getBytes(StandardCharsets.UTF_16), t.auth(), false, Source.APP, null);
        }
        for (String[] route : idRoutes()) {
            send(tally, route[0], route[1].replace("%s", "%FF%C0%AF%ED%A0%80"), route[0].equals("GET") ? null : "", session, Source.APP,
                    status -> status == 404);
        }
        for (Map.Entry<String, List<String>> route : listRoutes().entrySet()) {
            send(tally, "GET", expand(route.getKey()) + "?" + route.getValue().get(0) + "=%FF%FE%80", null, session, Source.APP, null);
        }
        // Raw bytes above 0x7F in the request line and in headers (not percent-encoded).
        for (byte b : new byte[] {(byte) 0xff, (byte) 0x80, (byte) 0xc3}) {
            byte[] target = "/api/v1/spaces/x?y".getBytes(StandardCharsets.US_ASCII);
            target[15] = b;
            sendRaw(tally, new RawHttp.Request("GET", target, List.<String[]>of(new String[] {"Authorization", "Bearer " + session}), null, false,
                    false), Source.CODEC, null, false);
            sendRaw(tally, new RawHttp.Request("POST", "/api/v1/authz/check".getBytes(StandardCharsets.US_ASCII),
                    List.<String[]>of(new String[] {"Authorization", "Bearer " + apiKey}, new String[] {"Content-Type", "application/json"},
                            new String[] {"User-Agent", "ua" + (char) (b & 0xff)}),
                    allowed.toString().getBytes(StandardCharsets.UTF_8), false, true), Source.CODEC, null, false);
        }
    }

    @Test
    void longHeadersAndUrls() throws IOException {
        String tally = "long header values and URLs";
        String k64 = "a".repeat(64 * 1024);
        header(tally, "X-Junk", k64, status -> status == 431);
        header(tally, "User-Agent", k64, status -> status == 431);
        header(tally, "X-Request-ID", k64, status -> status == 431);
        header(tally, "Authorization", "Bearer " + k64, status -> status == 431);
        header(tally, "User-Agent", "u".repeat(12 * 1024), status -> status == 200);
        header(tally, "X-Request-ID", "r".repeat(12 * 1024), status -> status == 200);
        header(tally, "Authorization", "Bearer ply_at_" + "0".repeat(8 * 1024), status -> status == 401);
        List<String[]> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(new String[] {"X-H" + i, "v"});
        }
        many.add(new String[] {"Authorization", "Bearer " + session});
        sendRaw(tally, new RawHttp.Request("GET", "/api/v1/spaces".getBytes(StandardCharsets.US_ASCII), many, null, false, false),
                Source.CODEC, status -> status == 431, false);
        for (int length : new int[] {3_000, 8 * 1024, 64 * 1024, 256 * 1024}) {
            IntPredicate expect = length > 4096 ? status -> status == 414 : null;
            send(tally, "GET", "/api/v1/spaces/" + "s".repeat(length), null, session, Source.CODEC, expect);
            send(tally, "GET", "/api/v1/audit/logs?resource_id=" + "q".repeat(length), null, session, Source.CODEC, expect);
            send(tally, "POST", "/api/v1/spaces/" + "p".repeat(length) + "/disable", "", session, Source.CODEC, expect);
        }
    }

    /**
     * The demo's allowed case (alice via um_alice_finance_reviewer approves invoice_001), mutated in
     * one to three of its decision fields or in its structure, sent with an API key (so a missing
     * actor is 400, not the caller's own actor). Never an allow.
     */
    @Test
    void mutatedAuthzChecksNeverAllow() throws IOException {
        Random random = new Random(SEED + 9);
        RawHttp.Reply baseline = sendRaw("authz check mutations", new RawHttp.Request("POST",
                "/api/v1/authz/check".getBytes(StandardCharsets.US_ASCII), List.of(new String[] {"Authorization", "Bearer " + apiKey},
                        new String[] {"Content-Type", "application/json"}), allowed.toString().getBytes(StandardCharsets.UTF_8), false, true),
                Source.APP, status -> status == 200, false);
        assertEquals(true, JSON.readTree(baseline.body()).path("data").path("allow").asBoolean(),
                "the unmutated demo case must allow, or the mutations below prove nothing");
        List<String> fields = List.of("actor.user_id", "actor.member_id", "actor.user_member_id", "actor.space_id", "resource_type",
                "resource_id", "action");
        for (int i = 0; i < 240; i++) {
            ObjectNode body = allowed.deepCopy();
            String raw = null;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                String field = fields.get(random.nextInt(fields.size()));
                String value = text(body, field);
                int kind = random.nextInt(16);
                switch (kind) {
                    case 0 -> set(body, field, value + SQL.get(random.nextInt(SQL.size())));
                    case 1 -> set(body, field, SQL.get(random.nextInt(SQL.size())) + value);
                    case 2 -> set(body, field, value.toUpperCase());
                    case 3 -> set(body, field, Character.toUpperCase(value.charAt(0)) + value.substring(1));
                    case 4 -> set(body, field, List.of(" ", "\t", "\n", "\u00a0", "\u200b", "\ufeff").get(random.nextInt(6)) + value);
                    case 5 -> set(body, field, value + List.of(" ", "\t", "\r\n", "\u00a0", "\u200b", "\u0301").get(random.nextInt(6)));
                    case 6 -> set(body, field, value.substring(0, value.length() - 1));
                    case 7 -> set(body, field, value + value.charAt(value.length() - 1));
                    case 8 -> set(body, field, value.replace('a', '\u0430').replace('e', '\u0435').replace('o', '\u043e')
                            .replace('i', '\u0456').replace('_', '\uff3f').replace('0', '\uff10').replace('1', '\uff11'));
                    case 9 -> set(body, field, value + control(random));
                    case 10 -> set(body, field, value.charAt(0) + "%" + value.substring(2));
                    case 11 -> set(body, field, value.replace('_', random.nextBoolean() ? '%' : '-'));
                    case 12 -> set(body, field, value + "x".repeat(300));
                    case 13 -> setNode(body, field, JSON.readTree(List.of("null", "1", "true", "[]", "{}", "[\"" + value + "\"]", "\"\"",
                            "\"   \"").get(random.nextInt(8))));
                    case 14 -> remove(body, field);
                    default -> set(body, field, value.substring(0, Math.max(1, random.nextInt(value.length()))) + metachars(random, 3));
                }
            }
            if (random.nextInt(6) == 0) {
                // The same key twice, one copy with the allowed value and one mutated, in either order:
                // a parser that keeps the first and one that keeps the last must not disagree into an allow.
                String field = List.of("resource_id", "action", "resource_type").get(random.nextInt(3));
                String original = text(allowed, field);
                body.put(field, original);
                String other = "\"" + field + "\":\"" + original + "x\"";
                String json = body.toString();
                raw = random.nextBoolean() ? "{" + other + "," + json.substring(1) : json.substring(0, json.length() - 1) + "," + other + "}";
            }
            if (random.nextInt(10) == 0) {
                // Old flat actor fields beside (or instead of) the nested actor.
                body.put("actor_user_id", "user_alice");
                if (random.nextBoolean()) {
                    body.remove("actor");
                }
            }
            String sent = raw != null ? raw : body.toString();
            if (sent.equals(allowed.toString())) {
                continue;
            }
            String path = random.nextInt(4) == 0 ? "/api/v1/authz/explain" : "/api/v1/authz/check";
            send("authz check mutations", "POST", path, sent, apiKey, Source.APP, null);
        }
    }

    int failuresBefore;

    @org.junit.jupiter.api.BeforeEach
    void mark() {
        scratchWorld();
        failuresBefore = FAILURES.size();
    }

    @org.junit.jupiter.api.AfterEach
    void noNewFailures() {
        List<String> mine = FAILURES.subList(failuresBefore, FAILURES.size());
        assertTrue(mine.isEmpty(), mine.size() + " hostile requests were mishandled (seed " + SEED + "):\n"
                + String.join("\n", mine.subList(0, Math.min(40, mine.size()))));
    }

    // ---------------------------------------------------------------- routes

    /** Every route with an id path parameter: method and path, {@code %s} where the hostile id goes. */
    static List<String[]> idRoutes() {
        String s = ids.get("SID");
        return List.of(
                new String[] {"GET", "/api/v1/users/%s"}, new String[] {"POST", "/api/v1/users/%s/disable"},
                new String[] {"GET", "/api/v1/spaces/%s"}, new String[] {"POST", "/api/v1/spaces/%s/restore"},
                new String[] {"GET", "/api/v1/spaces/%s/groups"}, new String[] {"GET", "/api/v1/spaces/%s/groups/tree"},
                new String[] {"GET", "/api/v1/spaces/" + s + "/groups/%s"}, new String[] {"POST", "/api/v1/spaces/" + s + "/groups/%s/disable"},
                new String[] {"GET", "/api/v1/spaces/%s/members"}, new String[] {"GET", "/api/v1/spaces/" + s + "/members/%s"},
                new String[] {"GET", "/api/v1/spaces/" + s + "/user-members/%s"},
                new String[] {"POST", "/api/v1/spaces/" + s + "/user-members/%s/revoke"},
                new String[] {"GET", "/api/v1/spaces/%s/roles"}, new String[] {"GET", "/api/v1/spaces/" + s + "/roles/%s"},
                new String[] {"GET", "/api/v1/spaces/" + s + "/member-roles/%s"},
                new String[] {"POST", "/api/v1/spaces/" + s + "/member-roles/%s/revoke"},
                new String[] {"GET", "/api/v1/permissions/%s"}, new String[] {"POST", "/api/v1/permissions/%s/disable"},
                new String[] {"GET", "/api/v1/role-permissions/%s"}, new String[] {"POST", "/api/v1/role-permissions/%s/revoke"},
                new String[] {"GET", "/api/v1/spaces/%s/resources"}, new String[] {"GET", "/api/v1/spaces/" + s + "/resources/%s"},
                new String[] {"POST", "/api/v1/spaces/" + s + "/resources/%s/archive"},
                new String[] {"GET", "/api/v1/resources/%s/" + ids.get("RESID")}, new String[] {"GET", "/api/v1/resources/invoice/%s"},
                new String[] {"GET", "/api/v1/resource-types/%s"}, new String[] {"GET", "/api/v1/resource-types/%s/actions"},
                new String[] {"GET", "/api/v1/resource-types/%s/mapping"},
                new String[] {"GET", "/api/v1/api-keys/%s"}, new String[] {"POST", "/api/v1/api-keys/%s/revoke"},
                new String[] {"GET", "/api/v1/admin/grants/%s"}, new String[] {"POST", "/api/v1/admin/grants/%s/revoke"},
                new String[] {"GET", "/api/v1/audit/logs/%s"}, new String[] {"GET", "/api/v1/spaces/%s/audit/logs"},
                new String[] {"GET", "/api/v1/spaces/%s/services"}, new String[] {"GET", "/api/v1/services/%s"},
                new String[] {"POST", "/api/v1/services/%s/disable"}, new String[] {"GET", "/api/v1/services/%s/keys"},
                new String[] {"GET", "/api/v1/services/" + ids.get("SVCID") + "/keys/%s"},
                new String[] {"POST", "/api/v1/services/" + ids.get("SVCID") + "/keys/%s/revoke"});
    }

    /** Every list route and its filters (the paging parameters too). */
    static Map<String, List<String>> listRoutes() {
        Map<String, List<String>> routes = new LinkedHashMap<>();
        List<String> paging = List.of("limit", "cursor");
        routes.put("/api/v1/users", List.of("email", "status", "limit", "cursor"));
        routes.put("/api/v1/spaces", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/groups", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/members", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/user-members", List.of("user_id", "member_id", "status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/roles", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/member-roles", List.of("member_id", "role_id", "status", "limit", "cursor"));
        routes.put("/api/v1/permissions", List.of("resource", "action", "scope", "status", "limit", "cursor"));
        routes.put("/api/v1/role-permissions", List.of("role_id", "permission_id", "status", "limit", "cursor"));
        routes.put("/api/v1/resource-types", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/resources", List.of("resource_type", "group_id", "owner_member_id", "status", "limit", "cursor"));
        routes.put("/api/v1/api-keys", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/spaces/SID/services", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/services/SVCID/keys", List.of("status", "limit", "cursor"));
        routes.put("/api/v1/admin/grants", List.of("user_id", "status", "limit", "cursor"));
        List<String> audit = new ArrayList<>(List.of("space_id", "actor_user_id", "actor_member_id", "actor_user_member_id",
                "resource_type", "resource_id", "action", "decision", "deny_code", "request_id", "created_at_from", "created_at_to"));
        audit.addAll(paging);
        routes.put("/api/v1/audit/logs", audit);
        routes.put("/api/v1/spaces/SID/audit/logs", audit);
        return routes;
    }

    /** A body template for every route that reads one; writes go to the scratch rows only. */
    static List<Template> templates() {
        String futureTime = "2099-01-01T00:00:00Z";
        return List.of(
                new Template("POST", "/api/v1/spaces", "{\"name\":\"hx space\",\"type\":\"organization\"}", session),
                new Template("PATCH", "/api/v1/spaces/SID", "{\"name\":\"hx space\",\"type\":\"organization\"}", session),
                new Template("POST", "/api/v1/users", "{\"email\":\"hx.new@example.test\",\"username\":\"hxnew\",\"phone\":\"+1 555 0100\"}",
                        session),
                new Template("PATCH", "/api/v1/users/UID", "{\"username\":\"hxu\",\"phone\":\"+1 555 0101\"}", session),
                new Template("POST", "/api/v1/spaces/SID/groups", "{\"path\":\"hxg\",\"name\":\"g\"}", session),
                new Template("PATCH", "/api/v1/spaces/SID/groups/GID", "{\"name\":\"g\"}", session),
                new Template("POST", "/api/v1/spaces/SID/members", "{\"display_name\":\"m\",\"member_type\":\"person\"}", session),
                new Template("PATCH", "/api/v1/spaces/SID/members/MID", "{\"display_name\":\"m\"}", session),
                new Template("POST", "/api/v1/spaces/SID/user-members", "{\"user_id\":\"UID\",\"member_id\":\"MID\",\"relation_type\":"
                        + "\"temporary\",\"expires_at\":\"" + futureTime + "\"}", session),
                new Template("PATCH", "/api/v1/spaces/SID/user-members/UMID", "{\"relation_type\":\"delegate\",\"expires_at\":\""
                        + futureTime + "\"}", session),
                new Template("POST", "/api/v1/spaces/SID/roles", "{\"key\":\"hxr\",\"name\":\"r\",\"description\":\"d\"}", session),
                new Template("PATCH", "/api/v1/spaces/SID/roles/RID", "{\"name\":\"r\",\"description\":\"d\"}", session),
                new Template("POST", "/api/v1/permissions", "{\"resource\":\"TYPE\",\"action\":\"read\",\"scope\":\"group\","
                        + "\"description\":\"d\"}", session),
                new Template("POST", "/api/v1/role-permissions", "{\"role_id\":\"RID\",\"permission_id\":\"PID\"}", session),
                new Template("POST", "/api/v1/spaces/SID/member-roles", "{\"member_id\":\"MID\",\"role_id\":\"RID\","
                        + "\"scope_anchor_group_id\":\"GID\",\"expires_at\":\"" + futureTime + "\"}", session),
                new Template("PATCH", "/api/v1/spaces/SID/member-roles/MRID", "{\"expires_at\":\"" + futureTime + "\"}", session),
                new Template("POST", "/api/v1/resource-types", "{\"key\":\"TYPE\",\"display_name\":\"t\",\"description\":\"d\"}", session),
                new Template("POST", "/api/v1/resource-types/TYPE/actions", "{\"key\":\"read\",\"display_name\":\"r\","
                        + "\"risk_level\":\"low\",\"audit_default\":true}", session),
                new Template("PUT", "/api/v1/resource-types/TYPE/mapping", "{\"storage_kind\":\"internal_table\",\"id_field\":\"id\"}",
                        session),
                new Template("POST", "/api/v1/spaces/SID/resources", "{\"resource_type\":\"TYPE\",\"group_id\":\"GID\","
                        + "\"owner_member_id\":\"MID\",\"display_name\":\"d\",\"metadata\":{\"k\":\"v\",\"n\":[1,\"x\",{\"y\":\"z\"}]}}",
                        session),
                new Template("PATCH", "/api/v1/spaces/SID/resources/RESID", "{\"display_name\":\"d\",\"metadata\":{\"k\":\"v\"}}", session),
                new Template("POST", "/api/v1/admin/grants", "{\"user_id\":\"UID\",\"level\":\"space_admin\",\"space_id\":\"SID\","
                        + "\"permission_key\":\"users:read\"}", session),
                new Template("POST", "/api/v1/api-keys", "{\"name\":\"hx\",\"permission_keys\":[\"authz:check\"],\"space_id\":\"SID\","
                        + "\"expires_at\":\"" + futureTime + "\"}", session),
                new Template("POST", "/api/v1/spaces/SID/services", "{\"name\":\"hx service\",\"description\":\"d\"}", session),
                new Template("PATCH", "/api/v1/services/SVCID", "{\"name\":\"hx service\",\"description\":\"d\"}", session),
                new Template("POST", "/api/v1/services/SVCID/keys", "{\"name\":\"hx\",\"expires_at\":\"" + futureTime + "\"}",
                        session),
                new Template("POST", "/api/v1/authz/check", allowed.toString(), apiKey),
                new Template("POST", "/api/v1/authz/explain", allowed.toString(), apiKey),
                new Template("POST", "/api/v1/auth/login", "{\"email\":\"hx.nobody@example.test\",\"password\":\"wrong\"}", null),
                new Template("POST", "/api/v1/auth/refresh", "{\"refresh_token\":\"ply_rt_0000\"}", null),
                new Template("POST", "/api/v1/actor/switch-member", "{\"user_member_id\":\"um_hx_nope\"}", session));
    }

    static String expand(String text) {
        for (Map.Entry<String, String> e : ids.entrySet()) {
            text = text.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
        }
        return text;
    }

    // ---------------------------------------------------------------- sending and judging

    RawHttp http() {
        if (http == null) {
            http = new RawHttp(base.getPort());
        }
        return http;
    }

    RawHttp.Reply send(String tally, String method, String target, String body, String auth, Source source, IntPredicate expect)
            throws IOException {
        return send(tally, method, target, body == null ? null : body.getBytes(StandardCharsets.UTF_8), auth, false, source, expect);
    }

    RawHttp.Reply send(String tally, String method, String target, byte[] body, String auth, boolean chunked, Source source,
                       IntPredicate expect) throws IOException {
        List<String[]> headers = new ArrayList<>();
        if (auth != null) {
            headers.add(new String[] {"Authorization", "Bearer " + auth});
        }
        if (body != null) {
            headers.add(new String[] {"Content-Type", "application/json"});
        }
        return sendRaw(tally, new RawHttp.Request(method, target.getBytes(StandardCharsets.ISO_8859_1), headers, body, chunked, true),
                source, expect, target.contains("/authz/"));
    }

    void header(String tally, String name, String value, IntPredicate expect) throws IOException {
        List<String[]> headers = new ArrayList<>();
        if (!name.equals("Authorization")) {
            headers.add(new String[] {"Authorization", "Bearer " + session});
        }
        headers.add(new String[] {name, value});
        sendRaw(tally, new RawHttp.Request("GET", "/api/v1/spaces?limit=1".getBytes(StandardCharsets.US_ASCII), headers, null, false,
                false), Source.CODEC, expect, false);
    }

    RawHttp.Reply sendRaw(String tally, RawHttp.Request request, Source source, IntPredicate expect, boolean decision)
            throws IOException {
        RawHttp.Reply reply = http().send(request);
        Tally t = TALLIES.computeIfAbsent(tally, k -> new Tally());
        t.cases++;
        t.statuses.merge(reply.status() + (reply.body().length == 0 ? " bare" : ""), 1, Integer::sum);
        String problem = judge(reply, source, expect, decision);
        if (problem != null) {
            String target = new String(request.target(), StandardCharsets.ISO_8859_1);
            String body = request.body() == null ? "" : new String(request.body(), 0, Math.min(400, request.body().length),
                    StandardCharsets.UTF_8);
            String answer = reply.text();
            FAILURES.add(String.format("[%s] %s %s body=%s -> %d: %s; answer %s", tally, request.method(),
                    abbreviate(target), JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsString(body), reply.status(), problem, abbreviate(answer)));
        }
        return reply;
    }

    /** Why the answer is wrong, or null. */
    static String judge(RawHttp.Reply reply, Source source, IntPredicate expect, boolean decision) {
        if (reply.status() < 0) {
            return "no answer (connection closed)";
        }
        if (reply.status() >= 500) {
            return "server error";
        }
        String text = reply.text();
        if (LEAK.matcher(text).find()) {
            return "stack trace or class name in the body";
        }
        if (expect != null && !expect.test(reply.status())) {
            return "unexpected status";
        }
        if (source == Source.CODEC && reply.body().length == 0 && reply.status() >= 400) {
            return null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(reply.body());
        } catch (IOException e) {
            return "body is not JSON";
        }
        if (json == null || !json.isObject() || !json.path("request_id").isTextual()) {
            return "no envelope (request_id missing)";
        }
        if (reply.status() >= 400) {
            JsonNode error = json.path("error");
            if (!error.path("code").isTextual() || !error.path("message").isTextual() || json.has("data")) {
                return "not the error envelope";
            }
            if (!error.path("code").asText().equals(reply.header("X-Plystra-Error-Code"))) {
                return "X-Plystra-Error-Code does not match error.code";
            }
        } else if (!json.has("data")) {
            return "success without data";
        }
        if (decision && reply.status() == 200) {
            JsonNode data = json.path("data");
            if (data.path("allow").asBoolean(false) || "allow".equals(data.path("decision").asText())) {
                return "a mutated decision request was ALLOWED";
            }
        }
        return null;
    }

    /** A filtered list holds only rows whose field is the value asked for: no wildcard, no injection. */
    static void onlyRowsWith(RawHttp.Reply reply, String filter, String value) throws IOException {
        if (reply.status() != 200 || filter.equals("limit") || filter.equals("cursor") || filter.startsWith("created_at")) {
            return;
        }
        for (JsonNode row : JSON.readTree(reply.body()).path("data")) {
            JsonNode actual = row.get(filter);
            if (actual != null && !actual.asText().equalsIgnoreCase(value)) {
                FAILURES.add("[filter] " + filter + "=" + value + " returned a row with " + filter + "=" + actual);
            }
        }
    }

    // ---------------------------------------------------------------- generators

    static String metachars(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(random.nextInt(3) == 0 ? (char) ('a' + random.nextInt(26)) : META.charAt(random.nextInt(META.length())));
        }
        return out.toString();
    }

    static char control(Random random) {
        char c;
        do {
            c = (char) random.nextInt(0x20);
        } while (c == '\t' || c == '\n' || c == '\r');
        return c;
    }

    /** Letters, digits and a few wide characters in no compressible order. */
    static String randomText(Random random, int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@\u00e9\u4e2d";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Percent-encodes every byte outside the unreserved set (so '%' and '_' reach the server as data). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String abbreviate(String text) {
        String flat = text.replaceAll("[\\p{Cntrl}]", "?");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...(" + flat.length() + " chars)";
    }

    /** Dotted paths of every string value ({@code actor.user_id}, {@code permission_keys.0}). */
    static List<String> stringLeaves(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(prefix);
        } else if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                out.addAll(stringLeaves(node.get(name), prefix.isEmpty() ? name : prefix + "." + name));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(stringLeaves(node.get(i), prefix + "." + i));
            }
        }
        return out;
    }

    static String text(JsonNode body, String path) {
        JsonNode node = body;
        for (String part : path.split("\\.")) {
            node = node == null ? null : node.isArray() ? node.get(Integer.parseInt(part)) : node.get(part);
        }
        return node == null || !node.isTextual() || node.asText().length() < 2 ? "fallback_value" : node.asText();
    }

    static void set(JsonNode body, String path, String value) {
        setNode(body, path, JSON.getNodeFactory().textNode(value));
    }

    static void setNode(JsonNode body, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode node = body;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = node.isArray() ? node.get(Integer.parseInt(parts[i])) : node.get(parts[i]);
            if (next == null || !next.isContainerNode()) {
                next = JSON.createObjectNode();
                ((ObjectNode) node).set(parts[i], next);
            }
            node = next;
        }
        String last = parts[parts.length - 1];
        if (node.isArray()) {
            ((ArrayNode) node).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) node).set(last, value);
        }
    }

    static void remove(JsonNode body, String path) {
        String[] parts = path.split("\\.");
        JsonNode node = body;
        for (int i = 0; i < parts.length - 1 && node != null; i++) {
            node = node.get(parts[i]);
        }
        if (node instanceof ObjectNode object) {
            object.remove(parts[parts.length - 1]);
        }
    }
}
