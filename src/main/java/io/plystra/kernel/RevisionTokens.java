package io.plystra.kernel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The consistency tokens of this deployment, {@code <revision>.<mac>}: the revision is a committed
 * sequence number of audited admin writes ({@link RevisionRepository#committed()}), the mac the first
 * 128 bits of HMAC-SHA256(key, {@code "plystra-revision:" + revision}) in base64url. The key is
 * {@code PLYSTRA_CONSISTENCY_SECRET}, or when that is unset the one V018 drew into the database, so
 * every instance on one database issues and accepts the same tokens, and nobody without the key can
 * make one.
 */
@ApplicationScoped
public class RevisionTokens {

    public static final String MALFORMED = "must be a revision token (the X-Plystra-Revision header of a write)";
    static final String FORGED = "is not a revision token this deployment issued";
    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,17})\\.([A-Za-z0-9_-]{22})");
    private static final int MAC_BYTES = 16;

    private final RevisionRepository revisions;
    private volatile SecretKeySpec key;

    public RevisionTokens(PlystraConfig config, RevisionRepository revisions) {
        this.revisions = revisions;
        this.key = config.consistency().secret().map(RevisionTokens::key).orElse(null);
    }

    /** The token of {@code revision}. */
    public Uni<String> issue(long revision) {
        return key().map(k -> revision + "." + mac(k, revision));
    }

    /** Whether {@code token} has the form of a token; its mac is checked by {@link #revision}. */
    public static boolean wellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    /** The revision of a token this deployment issued; 400 naming {@code field} for any other string. */
    public Uni<Long> revision(String token, String field) {
        Matcher m = token == null ? null : FORM.matcher(token);
        if (m == null || !m.matches()) {
            return Uni.createFrom().failure(ApiException.validation(field, MALFORMED));
        }
        long revision = Long.parseLong(m.group(1));
        return key().map(k -> {
            byte[] expected = mac(k, revision).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.US_ASCII))) {
                throw ApiException.validation(field, FORGED);
            }
            return revision;
        });
    }

    private Uni<SecretKeySpec> key() {
        SecretKeySpec known = key;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return revisions.storedSecret().map(secret -> {
            key = key(secret);
            return key;
        });
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    static String mac(SecretKeySpec key, long revision) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(("plystra-revision:" + revision).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
