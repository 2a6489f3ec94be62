package io.plystra.audit;

import static io.plystra.testsupport.Api.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.plystra.session.Accounts;
import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.ServicePrincipals;
import io.plystra.testsupport.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * {@code GET /changes}: server-sent events of the mutation chain, over a real HTTP connection. A consumer that
 * disconnects and resumes after the last id it saw (by {@code after} or by {@code Last-Event-ID}) gets exactly
 * the changes committed since, in order; a change committed while it is connected arrives at once; the feed
 * is narrowed to the caller's spaces.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class ChangeFeedApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(10);

    /** One server-sent event (a comment has neither id nor name). */
    record Event(String id, String name, JsonNode data) {
    }

    @Test
    void aConsumerThatDisconnectsAndResumesMissesNothingAndSeesNothingTwice() {
        long start = head();
        List<String> spaces = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spaces.add(space());
        }
        List<Long> committed = seqsAfter(start);
        List<Event> first;
        try (Feed feed = Feed.open(Api.login(Api.ALICE), "after=" + start, null)) {
            first = feed.next(committed.size());
        }
        assertEquals(committed, seqs(first), "every change after the cursor, in chain order");
        assertTrue(ids(first).containsAll(spaces), "the spaces' creations: " + ids(first));
        Event created = first.stream().filter(e -> e.data().path("entity_id").asText().equals(spaces.get(0))).findFirst().orElseThrow();
        assertEquals("change", created.name());
        assertEquals("space.created", created.data().path("action").asText());
        assertEquals("space", created.data().path("entity").asText());
        assertEquals(spaces.get(0), created.data().path("after").path("id").asText(), "the entity after the change");
        Map<String, Object> row = TestDatabase.rows("SELECT id, created_at, actor_user_id FROM audit_logs WHERE chain_id = 'mutations' "
                + "AND chain_seq = ?", Long.parseLong(created.id())).get(0);
        assertEquals(row.get("id"), created.data().path("audit_log_id").asText());
        assertEquals(row.get("actor_user_id"), created.data().path("actor_user_id").asText());
        assertNotNull(created.data().path("at").textValue());

        // Disconnected: more changes are committed, then the consumer resumes after the last id it saw.
        long last = Long.parseLong(first.get(first.size() - 1).id());
        String later = space();
        String latest = space();
        List<Long> since = seqsAfter(last);
        List<Event> resumed;
        try (Feed feed = Feed.open(Api.login(Api.ALICE), "after=" + last, null)) {
            resumed = feed.next(since.size());
        }
        assertEquals(since, seqs(resumed), "exactly the changes since the last id, none missed, none twice");
        assertEquals(last + 1, seqs(resumed).get(0));
        assertTrue(ids(resumed).containsAll(List.of(later, latest)));

        // An EventSource reconnects with the URL it had and Last-Event-ID: the header wins.
        try (Feed feed = Feed.open(Api.login(Api.ALICE), "after=" + start, Long.toString(last))) {
            assertEquals(since, seqs(feed.next(since.size())));
        }
    }

    @Test
    void aChangeCommittedWhileConnectedArrivesAtOnce() throws InterruptedException {
        try (Feed feed = Feed.open(Api.login(Api.ALICE), "", null)) {
            // Without a cursor the feed starts at the head when it opens: the changes before it are not sent.
            Thread.sleep(500);
            long before = head();
            long sent = System.nanoTime();
            String space = space();
            List<Long> committed = seqsAfter(before);
            List<Event> events = feed.next(committed.size());
            assertEquals(committed, seqs(events), "only what was committed since the feed opened");
            assertTrue(ids(events).contains(space));
            assertTrue(System.nanoTime() - sent < Duration.ofSeconds(5).toNanos(), "delivered within seconds");
        }
    }

    @Test
    void aSpaceReaderSeesOnlyItsSpaces() {
        String user = Accounts.newUser("watcher");
        Accounts.grant(user, "space_admin", "space_acme", "audit:read");
        String token = Accounts.accessToken(user);
        String other = space();
        long start = head();
        ServicePrincipals.Made elsewhere = ServicePrincipals.create(other, "feed_" + System.nanoTime());
        ServicePrincipals.Made inAcme = ServicePrincipals.create("space_acme", "feed_" + System.nanoTime());
        List<Long> acmeRows = seqsAfter(start, "space_acme");
        try (Feed feed = Feed.open(token, "after=" + start, null)) {
            List<Event> events = feed.next(acmeRows.size());
            assertEquals(acmeRows, seqs(events), "the rows of space_acme only, in order (" + elsewhere.id() + " skipped)");
            assertTrue(ids(events).contains(inAcme.id()));
        }
        List<Long> otherRows = seqsAfter(start, other);
        try (Feed feed = Feed.open(Api.login(Api.ALICE), "after=" + start + "&space_id=" + other, null)) {
            List<Event> events = feed.next(otherRows.size());
            assertEquals(otherRows, seqs(events));
            assertTrue(ids(events).contains(elsewhere.id()));
        }
        Accounts.as(token).queryParam("space_id", other).get("/api/v1/changes").then().statusCode(403);
        String plain = Accounts.accessToken(Accounts.newUser("nofeed"));
        Accounts.as(plain).get("/api/v1/changes").then().statusCode(403).body("error.details.permission", equalTo("audit:read"));
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        refused(Map.of("after", "abc"), null, "after");
        refused(Map.of("after", "-1"), null, "after");
        refused(Map.of("after", "1234567890123456789"), null, "after");
        refused(Map.of("space_id", "a\u0001b"), null, "space_id");
        refused(Map.of("limit", "10"), null, "limit");
        refused(Map.of(), "last", "Last-Event-ID");
    }

    private static void refused(Map<String, String> query, String lastEventId, String field) {
        var request = asAdmin().queryParams(query);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        request.get("/api/v1/changes").then().statusCode(400)
                .body("error.code", equalTo("VALIDATION_FAILED")).body("error.details.fields.'" + field + "'", notNullValue());
    }

    static String space() {
        return asAdmin().body(Map.of("name", "Feed " + System.nanoTime())).post("/api/v1/spaces").then().statusCode(201)
                .extract().path("data.id");
    }

    static long head() {
        return ((Number) TestDatabase.rows("SELECT chain_seq FROM audit_chain_heads WHERE chain_id = 'mutations'").get(0)
                .get("chain_seq")).longValue();
    }

    static List<Long> seqsAfter(long seq) {
        return TestDatabase.rows("SELECT chain_seq FROM audit_logs WHERE chain_id = 'mutations' AND chain_seq > ? ORDER BY chain_seq", seq)
                .stream().map(r -> ((Number) r.get("chain_seq")).longValue()).toList();
    }

    static List<Long> seqsAfter(long seq, String spaceId) {
        return TestDatabase.rows("SELECT chain_seq FROM audit_logs WHERE chain_id = 'mutations' AND chain_seq > ? AND space_id = ? "
                        + "ORDER BY chain_seq", seq, spaceId)
                .stream().map(r -> ((Number) r.get("chain_seq")).longValue()).toList();
    }

    static List<Long> seqs(List<Event> events) {
        return events.stream().map(e -> Long.parseLong(e.id())).toList();
    }

    static List<String> ids(List<Event> events) {
        return events.stream().map(e -> e.data().path("entity_id").asText()).toList();
    }

    /** A connected consumer: the events of one response, read on a thread of their own. */
    static final class Feed implements AutoCloseable {

        private final InputStream body;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        private Feed(InputStream body) {
            this.body = body;
            Thread reader = new Thread(this::read, "change-feed-consumer");
            reader.setDaemon(true);
            reader.start();
        }

        static Feed open(String token, String query, String lastEventId) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                    + "/api/v1/changes?" + query)).header("Authorization", "Bearer " + token).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode());
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                        response.headers().map().toString());
                return new Feed(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.isEmpty()) {
                        if (id != null) {
                            events.add(new Event(id, name, JSON.readTree(data.toString())));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException closed) {
                // The consumer disconnected.
            }
        }

        /** The next {@code n} events, failing when they do not arrive in time; then checks that no other is waiting. */
        List<Event> next(int n) {
            List<Event> out = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    Event e = events.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                    assertNotNull(e, "event " + (i + 1) + " of " + n + " arrived; got " + out);
                    out.add(e);
                }
                Event extra = events.poll(300, TimeUnit.MILLISECONDS);
                assertEquals(null, extra, "no event beyond the expected ones");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return out;
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // Already closed by the server.
            }
        }
    }
}
