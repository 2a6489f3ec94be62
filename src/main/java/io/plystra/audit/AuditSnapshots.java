package io.plystra.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Content addressing of trace parts (see V004__audit_snapshots.sql): a part becomes a reference
 * {@code {"$snapshot": hash}} and its body is stored once in {@code audit_snapshots}. Bodies are
 * {@link CanonicalJson}, so the hash can be recomputed from the stored jsonb. Serialising
 * and hashing a cached snapshot object happens once per object (identity-keyed); which hashes are
 * already stored is remembered after their batch commits, so a known snapshot costs the database
 * nothing.
 */
@ApplicationScoped
public class AuditSnapshots {

    /** One trace part: its reference in the row and its body for {@code audit_snapshots}. */
    public record Part(String hash, String json) {

        public Map<String, String> reference() {
            return Map.of("$snapshot", hash);
        }
    }

    @Inject
    ObjectMapper json;
    private final Cache<Object, Part> byIdentity = Caffeine.newBuilder().weakKeys().maximumSize(200_000).build();
    private final Cache<String, Boolean> stored = Caffeine.newBuilder().maximumSize(500_000).build();

    /**
     * The part for {@code value}, computed once per {@code identity}: a cached snapshot object that
     * {@code value} is derived from and that many decisions share.
     */
    public Part shared(Object identity, Object value) {
        return identity == null ? part(value) : byIdentity.get(identity, k -> part(value));
    }

    /** The part for a value made for this decision only. */
    public Part part(Object value) {
        String body = CanonicalJson.of(json, value);
        return new Part(hash(body), body);
    }

    boolean isStored(String hash) {
        return stored.getIfPresent(hash) != null;
    }

    void markStored(String hash) {
        stored.put(hash, Boolean.TRUE);
    }

    /** The first 128 bits of the SHA-256 of a part's canonical text: what verification recomputes. */
    public static String hash(String canonicalBody) {
        return AuditChain.sha256(canonicalBody).substring(0, 32);
    }
}
