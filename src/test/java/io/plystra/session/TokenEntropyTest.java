package io.plystra.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Session tokens and API keys carry 256 random bits: distinct, full length, every bit unbiased. */
class TokenEntropyTest {

    static final int TOKENS = 20_000;

    @Test
    void tokensCarry256UnbiasedBits() {
        Set<String> seen = new HashSet<>();
        int[] ones = new int[256];
        for (int i = 0; i < TOKENS; i++) {
            String token = TokenHasher.newToken("ply_at_");
            assertTrue(token.matches("ply_at_[0-9a-f]{64}"), token);
            assertTrue(seen.add(token), "a token repeated");
            byte[] bits = HexFormat.of().parseHex(token.substring(7));
            for (int b = 0; b < 256; b++) {
                ones[b] += (bits[b / 8] >> (b % 8)) & 1;
            }
        }
        // Each bit is 1 in half the tokens; 6 standard deviations (sqrt(n)/2 = 71) would be a bias.
        for (int b = 0; b < 256; b++) {
            assertTrue(Math.abs(ones[b] - TOKENS / 2) < 6 * 71, "bit " + b + " is 1 in " + ones[b] + " of " + TOKENS);
        }
        assertEquals(TOKENS, seen.size());
    }
}
