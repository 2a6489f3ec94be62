import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three attacks of issue 12 (items 15, 17, 18) replayed against a running server, printing the
 * numbers docs/reliability.md quotes. Run with the JDK's source launcher (bench/attacks.sh starts a
 * fresh server for each):
 *
 * <pre>java bench/Attacks.java BASE_URL SERVER_PID login-burst|account-guesses|long-name</pre>
 *
 * SERVER_PID is the server's JVM (the quarkus-run.jar process), whose /proc/PID/status is sampled
 * every 100 ms for VmRSS and VmHWM. long-name reads the heap from /metrics with METRICS_TOKEN.
 * Every request comes from this machine's one address (no X-Forwarded-For): one attacker address.
 * <ul>
 * <li>login-burst: 200 simultaneous logins with distinct unknown emails, while an unrelated caller
 * (4 closed-loop clients, alice's session) sends the demo check; its rate and p99 before and during.</li>
 * <li>account-guesses: a fresh user (created as alice), then 200 simultaneous logins for it, 199 wrong
 * passwords and the right one sent last.</li>
 * <li>long-name: PATCH space_acme's name with 1,000,000 and 257 characters, then with 256 (the longest
 * accepted; the name is restored at the end), then 250 checks with distinct unknown user ids in
 * space_acme (16 at a time).</li>
 * </ul>
 */
public final class Attacks {

    static final String ALICE = "{\"email\":\"alice@example.com\",\"password\":\"plystra-demo\"}";
    static final String CHECK = "{\"actor\":{\"user_id\":\"user_alice\",\"member_id\":\"member_finance_reviewer\","
            + "\"user_member_id\":\"um_alice_finance_reviewer\",\"space_id\":\"space_acme\"},\"resource_type\":\"invoice\","
            + "\"resource_id\":\"invoice_001\",\"action\":\"approve\"}";
    static final int BURST = 200;

    static HttpClient http;
    static String base;
    static long pid;

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java bench/Attacks.java BASE_URL SERVER_PID login-burst|account-guesses|long-name");
            System.exit(2);
        }
        base = args[0].replaceAll("/+$", "");
        pid = Long.parseLong(args[1]);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        switch (args[2]) {
            case "login-burst" -> loginBurst();
            case "account-guesses" -> accountGuesses();
            case "long-name" -> longName();
            default -> {
                System.err.println("unknown attack " + args[2]);
                System.exit(2);
            }
        }
    }

    // ---- 15: a login burst with unknown emails ----

    static void loginBurst() throws Exception {
        String token = field(post("/api/v1/auth/login", ALICE, null).body(), "access_token");
        Memory memory = Memory.start();
        Checker checker = new Checker(token, 4);
        checker.start();
        Thread.sleep(3_000); // warm-up of the caller's checks
        checker.mark();
        Thread.sleep(5_000);
        Checker.Window before = checker.mark();
        long rssBefore = memory.rss();
        memory.resetPeak();

        List<String> bodies = new ArrayList<>();
        long run = System.currentTimeMillis();
        for (int i = 0; i < BURST; i++) {
            bodies.add("{\"email\":\"nobody-" + run + "-" + i + "@example.com\",\"password\":\"guess-" + i + "\"}");
        }
        long started = System.nanoTime();
        Map<Integer, Integer> statuses = burst(bodies, -1);
        double took = (System.nanoTime() - started) / 1e9;
        Checker.Window during = checker.mark();
        long peak = memory.peak();
        long rssAtEnd = memory.rss();
        Thread.sleep(10_000);
        Checker.Window after = checker.mark();
        checker.stop();
        long rssLater = memory.rss();
        memory.stop();

        System.out.printf("login burst: %d simultaneous logins, distinct unknown emails, one address, answered in %.1f s%n", BURST, took);
        System.out.println("  answers by status (-1: no answer): " + statuses);
        System.out.printf("  server RSS: before %d MiB, peak %d MiB (sampled every 100 ms), at the end %d MiB, 10 s later %d MiB; "
                + "VmHWM since start %d MiB%n", mib(rssBefore), mib(peak), mib(rssAtEnd), mib(rssLater), mib(memory.hwm()));
        System.out.println("  unrelated caller (4 closed-loop clients, POST /authz/check as alice):");
        System.out.println("    before the burst: " + before);
        System.out.println("    during the burst: " + during);
        System.out.println("    10 s after it:    " + after);
    }

    // ---- 17: guesses at one account ----

    static void accountGuesses() throws Exception {
        String token = field(post("/api/v1/auth/login", ALICE, null).body(), "access_token");
        long run = System.currentTimeMillis();
        String email = "guessed-" + run + "@example.com";
        String password = "right-password-" + run;
        HttpResponse<String> created = post("/api/v1/users",
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", token);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the user answered " + created.statusCode() + ": " + created.body());
        }
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < BURST - 1; i++) {
            bodies.add("{\"email\":\"" + email + "\",\"password\":\"wrong-" + i + "\"}");
        }
        bodies.add("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        Map<Integer, Integer> rightOne = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        Map<Integer, Integer> statuses = burst(bodies, BURST - 1, rightOne);
        double took = (System.nanoTime() - started) / 1e9;
        System.out.printf("account guesses: %d simultaneous logins for %s from one address, 199 wrong, the right one sent last; "
                + "answered in %.1f s%n", BURST, email, took);
        System.out.println("  answers by status: " + statuses
                + " (401: checked against the hash and wrong; 429: refused before hashing; 503: no hashing slot within 2 s)");
        int right = rightOne.keySet().stream().findFirst().orElse(-1);
        System.out.println("  the right password answered " + right + (right == 200 ? " (logged in)" : " (not logged in)"));
    }

    // ---- 18: a long space name, then checks that each cache an unknown actor ----

    static void longName() throws Exception {
        String token = field(post("/api/v1/auth/login", ALICE, null).body(), "access_token");
        String original = field(get("/api/v1/spaces/space_acme", token).body(), "name");
        Memory memory = Memory.start();
        long heapBefore = heap();
        long rssBefore = memory.rss();
        for (int length : new int[] {1_000_000, 257, 256}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/spaces/space_acme"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "n".repeat(length) + "\"}"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token));
            System.out.printf("PATCH /spaces/space_acme with a %,d-character name: %d %s%n", length, r.statusCode(),
                    r.statusCode() >= 400 ? field(r.body(), "message") : "");
        }
        int checks = 250;
        Map<String, Integer> outcomes = new TreeMap<>();
        AtomicLong next = new AtomicLong();
        long run = System.currentTimeMillis();
        Thread[] threads = new Thread[16];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                long i;
                while ((i = next.getAndIncrement()) < checks) {
                    String body = CHECK.replace("user_alice", "user_fake_" + run + "_" + i)
                            .replace("um_alice_finance_reviewer", "um_fake_" + run + "_" + i);
                    String outcome;
                    try {
                        HttpResponse<String> r = post("/api/v1/authz/check", body, token);
                        outcome = r.statusCode() + (r.statusCode() == 200
                                ? " " + field(r.body(), "decision") + " " + field(r.body(), "deny_code") : "");
                    } catch (Exception e) {
                        outcome = "no answer (" + e.getClass().getSimpleName() + ")";
                    }
                    synchronized (outcomes) {
                        outcomes.merge(outcome, 1, Integer::sum);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long peak = memory.peak();
        long heapAfter = heap();
        long rssAfter = memory.rss();
        memory.stop();
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/spaces/space_acme"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"" + original + "\"}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token));
        System.out.printf("%d checks with distinct unknown user ids in space_acme (16 at a time): %s%n", checks, outcomes);
        System.out.printf("  server heap used (jvm_memory_used_bytes, area heap, from /metrics): before %d MiB, after %d MiB%n",
                mib(heapBefore), mib(heapAfter));
        System.out.printf("  server RSS: before %d MiB, peak %d MiB, after %d MiB; VmHWM since start %d MiB%n",
                mib(rssBefore), mib(peak), mib(rssAfter), mib(memory.hwm()));
    }

    // ---- helpers ----

    /** Sends every body to /auth/login at once (one thread each, released together); the body at {@code lastIndex} 50 ms later. */
    static Map<Integer, Integer> burst(List<String> bodies, int lastIndex) throws InterruptedException {
        return burst(bodies, lastIndex, new ConcurrentHashMap<>());
    }

    static Map<Integer, Integer> burst(List<String> bodies, int lastIndex, Map<Integer, Integer> lastStatus) throws InterruptedException {
        Map<Integer, Integer> statuses = new TreeMap<>();
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[bodies.size()];
        for (int i = 0; i < threads.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                int status;
                try {
                    go.await();
                    if (index == lastIndex) {
                        Thread.sleep(50);
                    }
                    status = post("/api/v1/auth/login", bodies.get(index), null).statusCode();
                } catch (Exception e) {
                    status = -1;
                }
                if (index == lastIndex) {
                    lastStatus.put(status, 1);
                }
                synchronized (statuses) {
                    statuses.merge(status, 1, Integer::sum);
                }
            });
            threads[i].start();
        }
        Thread.sleep(200); // every thread waiting at the latch
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return statuses;
    }

    static HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token));
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first string (or null) value of a JSON field; enough for the envelopes this reads. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|null)").matcher(json);
        return m.find() ? m.group(2) : null;
    }

    /** Heap in use: the sum of jvm_memory_used_bytes over the heap pools, from /metrics (METRICS_TOKEN). */
    static long heap() throws IOException, InterruptedException {
        String token = System.getenv("METRICS_TOKEN");
        HttpResponse<String> r = get("/metrics", token == null ? "" : token);
        if (r.statusCode() != 200) {
            System.out.println("  (/metrics answered " + r.statusCode() + ": start the server with METRICS_ENABLED=true and METRICS_TOKEN)");
            return -1;
        }
        double sum = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    static long mib(long bytes) {
        return bytes < 0 ? -1 : bytes / (1024 * 1024);
    }

    /** VmRSS and VmHWM of the server process, sampled every 100 ms. */
    static final class Memory implements Runnable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this);

        static Memory start() {
            Memory m = new Memory();
            m.thread.setDaemon(true);
            m.thread.start();
            return m;
        }

        public void run() {
            while (running.get()) {
                peak.accumulateAndGet(rss(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void resetPeak() {
            peak.set(rss());
        }

        long peak() {
            return Math.max(peak.get(), rss());
        }

        void stop() {
            running.set(false);
        }

        long rss() {
            return status("VmRSS:");
        }

        long hwm() {
            return status("VmHWM:");
        }

        private static long status(String key) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith(key)) {
                        return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) * 1024;
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
            return -1;
        }
    }

    /** Closed-loop clients sending the demo check; {@link #mark} closes a window and opens the next. */
    static final class Checker {
        private final String token;
        private final int clients;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final List<long[]> done = new ArrayList<>(); // {end nanos, latency nanos, status}
        private long windowStart = System.nanoTime();

        Checker(String token, int clients) {
            this.token = token;
            this.clients = clients;
        }

        void start() {
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = post("/api/v1/authz/check", CHECK, token).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long end = System.nanoTime();
                        synchronized (done) {
                            done.add(new long[] {end, end - start, status});
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
        }

        Window mark() {
            long now = System.nanoTime();
            List<long[]> in;
            synchronized (done) {
                in = new ArrayList<>(done);
                done.clear();
            }
            long from = windowStart;
            windowStart = now;
            long[] latencies = in.stream().mapToLong(r -> r[1]).sorted().toArray();
            Map<Integer, Integer> statuses = new TreeMap<>();
            in.forEach(r -> statuses.merge((int) r[2], 1, Integer::sum));
            return new Window((now - from) / 1e9, latencies, statuses);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }

        record Window(double seconds, long[] latencies, Map<Integer, Integer> statuses) {
            @Override
            public String toString() {
                if (latencies.length == 0) {
                    return String.format("%.1f s, no check answered", seconds);
                }
                return String.format("%.1f s, %d checks (%.0f/s), p50 %.1f ms, p99 %.1f ms, max %.1f ms, statuses %s", seconds,
                        latencies.length, latencies.length / seconds, at(0.50), at(0.99),
                        latencies[latencies.length - 1] / 1e6, statuses);
            }

            private double at(double q) {
                return latencies[Math.min(latencies.length - 1, (int) Math.ceil(q * latencies.length) - 1)] / 1e6;
            }
        }
    }

    private Attacks() {
    }
}
