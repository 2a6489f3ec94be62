package io.plystra.session;

import static io.plystra.session.Accounts.freshLoopbackAddress;
import static io.plystra.session.Accounts.loginFrom;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The defaults: 8 failed logins of one account from one address lock that pair, 100 from one address
 * lock the address, an account failing from many addresses is slowed, never locked. Attempts are
 * counted before the password is checked. Each test uses its own accounts and addresses.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
class LoginThrottleTest {

    static final int MAX_FAILURES = 8;
    static final int MAX_FAILURES_PER_IP = 100;

    @Inject
    PasswordChecks passwords;

    @Test
    void accountAndAddressAreLockedAfterEightFailuresEvenWithTheRightPassword() {
        String user = Accounts.newUser("throttled");
        String email = Accounts.email(user);
        String ip = freshLoopbackAddress();
        for (int i = 0; i < MAX_FAILURES; i++) {
            loginFrom(ip, email, "wrong-password").then().statusCode(401)
                    .body("error.code", equalTo("AUTHENTICATION_REQUIRED"))
                    .body("error.message", equalTo("email or password is incorrect"));
        }
        loginFrom(ip, email.toUpperCase(), Accounts.PASSWORD).then().statusCode(429)
                .header("X-Plystra-Error-Code", "RATE_LIMITED")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("error.code", equalTo("RATE_LIMITED"))
                .body("error.details.retry_after_seconds", greaterThan(0));
        // The same address may still log in to another account, and the account from elsewhere.
        loginFrom(ip, Api.ALICE, Api.PASSWORD).then().statusCode(200).header("Cache-Control", "no-store");
        loginFrom(freshLoopbackAddress(), email, Accounts.PASSWORD).then().statusCode(200);
    }

    @Test
    void anAccountFailingFromManyAddressesIsSlowedNotLocked() {
        String email = Accounts.email(Accounts.newUser("slowed"));
        for (int i = 0; i < MAX_FAILURES + 2; i++) {
            loginFrom(freshLoopbackAddress(), email, "wrong-password").then().statusCode(401);
        }
        long started = System.nanoTime();
        loginFrom(freshLoopbackAddress(), email, Accounts.PASSWORD).then().statusCode(200);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // The 11th attempt is the third past the limit: it waits 250 ms doubled twice first.
        assertTrue(tookMillis >= LoginThrottle.delay(3).toMillis(), "waited only " + tookMillis + " ms");
        assertEquals(Duration.ZERO, LoginThrottle.delay(0));
        assertEquals(Duration.ofMillis(500), LoginThrottle.delay(2));
        assertEquals(LoginThrottle.MAX_DELAY, LoginThrottle.delay(40));
    }

    @Test
    void clientAddressIsLockedAfterAHundredFailuresWhateverTheEmail() {
        String ip = freshLoopbackAddress();
        for (int i = 0; i < MAX_FAILURES_PER_IP; i++) {
            loginFrom(ip, "nobody-" + i + "-" + System.nanoTime() + "@example.test", "wrong-password").then().statusCode(401);
        }
        loginFrom(ip, Api.ALICE, Api.PASSWORD).then().statusCode(429).body("error.code", equalTo("RATE_LIMITED"));
        loginFrom(freshLoopbackAddress(), Api.ALICE, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void successfulLoginClearsTheFailuresOfItsAccount() {
        String user = Accounts.newUser("recovers");
        String email = Accounts.email(user);
        String ip = freshLoopbackAddress();
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            loginFrom(ip, email, "wrong-password").then().statusCode(401);
        }
        loginFrom(ip, email, Accounts.PASSWORD).then().statusCode(200);
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            loginFrom(ip, email, "wrong-password").then().statusCode(401);
        }
        loginFrom(ip, email, Accounts.PASSWORD).then().statusCode(200);
    }

    @Test
    void unknownEmailAndWrongPasswordCountAndAnswerAlike() {
        String ip = freshLoopbackAddress();
        var unknown = loginFrom(ip, "ghost-" + System.nanoTime() + "@example.test", "wrong-password");
        var wrong = loginFrom(ip, Accounts.email(Accounts.newUser("wrongpw")), "wrong-password");
        unknown.then().statusCode(401);
        wrong.then().statusCode(401).body("error.message", equalTo(unknown.path("error.message")));
    }

    /**
     * 60 concurrent guesses at one account from one address, the right password among the last:
     * attempts are counted before any password is checked, so at most 8 are checked, the rest are
     * 429 at once, and no more checks run at a time than there are cores.
     */
    @Test
    void concurrentGuessesCannotOutrunTheLimitNorTheHashingBound() throws Exception {
        String email = Accounts.email(Accounts.newUser("burst"));
        String ip = freshLoopbackAddress();
        List<Callable<Integer>> logins = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String password = i >= 55 ? Accounts.PASSWORD : "guess-" + i;
            logins.add(() -> loginFrom(ip, email, password).statusCode());
        }
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool.invokeAll(logins)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        long checked = byStatus.getOrDefault(401, 0L) + byStatus.getOrDefault(200, 0L) + byStatus.getOrDefault(503, 0L);
        assertTrue(checked <= MAX_FAILURES, "passwords checked past the limit: " + byStatus);
        assertTrue(byStatus.getOrDefault(429, 0L) >= 60 - MAX_FAILURES, byStatus.toString());
        assertTrue(passwords.mostAtOnce() <= passwords.slots(),
                passwords.mostAtOnce() + " checks ran at once on " + passwords.slots() + " slots");
    }
}
