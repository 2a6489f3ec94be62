package io.plystra.session;

import io.plystra.kernel.Caller;

import java.time.Instant;

/**
 * A caller resolved from a bearer token, and until when that resolution holds by time alone
 * (the access token's, the active binding's or the API key's expiry, whichever comes first).
 */
public record Authenticated(Caller caller, Instant validUntil) {

    static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
