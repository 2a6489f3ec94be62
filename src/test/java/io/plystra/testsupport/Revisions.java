package io.plystra.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Revision tokens as a client sees them ({@code <revision>.<mac>}), made here from the key the test
 * database holds (PLYSTRA_CONSISTENCY_SECRET is unset in the tests): what only a holder of the key can do.
 */
public final class Revisions {

    private Revisions() {
    }

    /** The latest committed revision. */
    public static long committed() {
        return ((Number) TestDatabase.rows("SELECT plystra_revision() AS r").get(0).get("r")).longValue();
    }

    /** The token of {@code revision}, signed with the database's key. */
    public static String token(long revision) {
        String secret = (String) TestDatabase.rows("SELECT secret FROM revision_token_keys WHERE id = 1").get(0).get("secret");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] full = mac.doFinal(("plystra-revision:" + revision).getBytes(StandardCharsets.US_ASCII));
            return revision + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The revision a token names. */
    public static long of(String token) {
        return Long.parseLong(token.substring(0, token.indexOf('.')));
    }
}
