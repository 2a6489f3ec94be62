package io.plystra.session;

import static io.plystra.session.Accounts.freshLoopbackAddress;
import static io.plystra.session.Accounts.loginFrom;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import org.junit.jupiter.api.Test;

import io.plystra.testsupport.Api;
import io.plystra.testsupport.DemoProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The default limit (8 failures in 15 minutes), per email and per client IP; each test uses its own addresses. */
@QuarkusTest
@TestProfile(DemoProfile.class)
class LoginThrottleTest {

    static final int MAX_FAILURES = 8;

    @Test
    void emailIsLockedAfterEightFailuresEvenWithTheRightPassword() {
        String user = Accounts.newUser("throttled");
        String email = Accounts.email(user);
        for (int i = 0; i < MAX_FAILURES; i++) {
            loginFrom(freshLoopbackAddress(), email, "wrong-password").then().statusCode(401)
                    .body("error.code", equalTo("AUTHENTICATION_REQUIRED"));
        }
        String ip = freshLoopbackAddress();
        loginFrom(ip, email.toUpperCase(), Accounts.PASSWORD).then().statusCode(429)
                .header("X-Plystra-Error-Code", "RATE_LIMITED")
                .body("error.code", equalTo("RATE_LIMITED"))
                .body("error.details.retry_after_seconds", greaterThan(0));
        loginFrom(ip, Api.ALICE, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void clientIpIsLockedAfterEightFailuresWhateverTheEmail() {
        String ip = freshLoopbackAddress();
        for (int i = 0; i < MAX_FAILURES; i++) {
            loginFrom(ip, "nobody-" + System.nanoTime() + "@example.test", "wrong-password").then().statusCode(401);
        }
        loginFrom(ip, Api.ALICE, Api.PASSWORD).then().statusCode(429).body("error.code", equalTo("RATE_LIMITED"));
        loginFrom(freshLoopbackAddress(), Api.ALICE, Api.PASSWORD).then().statusCode(200);
    }

    @Test
    void successfulLoginClearsTheFailuresOfItsEmail() {
        String user = Accounts.newUser("recovers");
        String email = Accounts.email(user);
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            loginFrom(freshLoopbackAddress(), email, "wrong-password").then().statusCode(401);
        }
        loginFrom(freshLoopbackAddress(), email, Accounts.PASSWORD).then().statusCode(200);
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            loginFrom(freshLoopbackAddress(), email, "wrong-password").then().statusCode(401);
        }
        loginFrom(freshLoopbackAddress(), email, Accounts.PASSWORD).then().statusCode(200);
    }

    @Test
    void unknownEmailAndWrongPasswordCountAndAnswerAlike() {
        String ip = freshLoopbackAddress();
        var unknown = loginFrom(ip, "ghost-" + System.nanoTime() + "@example.test", "wrong-password");
        var wrong = loginFrom(ip, Accounts.email(Accounts.newUser("wrongpw")), "wrong-password");
        unknown.then().statusCode(401);
        wrong.then().statusCode(401).body("error.message", equalTo(unknown.path("error.message")));
    }
}
