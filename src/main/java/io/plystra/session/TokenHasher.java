package io.plystra.session;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.plystra.kernel.RandomBytes;

/**
 * Opaque tokens ({@code ply_at_<64 hex>}, {@code ply_rt_...}, {@code ply_key_...}: 256 random bits)
 * and their stored form, HMAC-SHA256(PLYSTRA_SESSION_SECRET, token) in hex. A lookup by the hash is
 * an index probe for an exact value; the raw token is never stored.
 */
public final class TokenHasher {

    private final SecretKeySpec key;

    public TokenHasher(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public static String newToken(String prefix) {
        return prefix + HexFormat.of().formatHex(RandomBytes.next(32));
    }

    public String hash(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
