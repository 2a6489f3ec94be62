package io.plystra.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import io.plystra.kernel.ApiException;
import io.plystra.kernel.ErrorCode;
import io.plystra.kernel.PlystraConfig;

/**
 * The identity providers whose JWTs a gateway may forward ({@code PLYSTRA_JWT_ISSUERS}), verified
 * offline with jose4j against keys read at start from a JWKS file or a PEM public key: the
 * signature (RSA or EC, never {@code none} or HMAC), the issuer, the audience, expiry and
 * not-before (30 s of clock skew), and the key id, which must name a key of that issuer. Any
 * failure is 401 without saying which check failed. A configuration that cannot be read stops the
 * start, in one line.
 */
@ApplicationScoped
public class JwtIssuers {

    /** What a verified token says about its user: which claim to match and its value. */
    public record Subject(String issuer, String claim, String value) {
    }

    private record Issuer(String name, String claim, JwtConsumer consumer) {
    }

    private static final AlgorithmConstraints SIGNATURES = new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

    /** The first pass: parses the token to read its issuer, checking nothing. */
    private static final JwtConsumer UNVERIFIED = new JwtConsumerBuilder().setSkipAllValidators().setDisableRequireSignature()
            .setSkipSignatureVerification().build();

    private final List<Issuer> issuers;

    public JwtIssuers(PlystraConfig config) {
        this.issuers = config.jwtIssuers().filter(s -> !s.isBlank()).map(JwtIssuers::parse).orElse(List.of());
    }

    /** Why {@code PLYSTRA_JWT_ISSUERS} cannot be used (one line), or null; checked before the server starts. */
    public static String problem(String config) {
        try {
            parse(config);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /** Whether any issuer is configured. */
    public boolean configured() {
        return !issuers.isEmpty();
    }

    /** The subject of a token one configured issuer signed; 401 otherwise. */
    public Subject verify(String token) {
        JwtContext unverified;
        String issuer;
        try {
            unverified = UNVERIFIED.process(token);
            issuer = unverified.getJwtClaims().getIssuer();
        } catch (Exception e) {
            throw invalid();
        }
        for (Issuer i : issuers) {
            if (i.name().equals(issuer)) {
                try {
                    // The second pass checks signature and claims on what the first pass parsed.
                    i.consumer().processContext(unverified);
                    Object value = unverified.getJwtClaims().getClaimValue(i.claim());
                    if (!(value instanceof String text) || text.isBlank()) {
                        throw invalid();
                    }
                    return new Subject(i.name(), i.claim(), text);
                } catch (InvalidJwtException e) {
                    throw invalid();
                }
            }
        }
        throw invalid();
    }

    private static ApiException invalid() {
        return new ApiException(ErrorCode.AUTHENTICATION_REQUIRED, "the bearer token is no valid JWT of a configured issuer");
    }

    /** {@code issuer=…,audience=…,jwks=<file>|pem=<file>[,claim=sub|email]}, entries separated by {@code ;}. */
    static List<Issuer> parse(String text) {
        List<Issuer> parsed = new ArrayList<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String pair : entry.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw badConfig("'" + pair.trim() + "' is no key=value pair");
                }
                fields.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
            String issuer = required(fields, "issuer");
            String audience = required(fields, "audience");
            String claim = fields.getOrDefault("claim", "sub");
            if (!claim.equals("sub") && !claim.equals("email")) {
                throw badConfig("claim must be sub or email, not " + claim);
            }
            JwtConsumerBuilder builder = new JwtConsumerBuilder().setRequireExpirationTime().setAllowedClockSkewInSeconds(30)
                    .setExpectedIssuer(issuer).setExpectedAudience(audience).setJwsAlgorithmConstraints(SIGNATURES);
            if (fields.containsKey("jwks")) {
                try {
                    JsonWebKeySet keys = new JsonWebKeySet(Files.readString(Path.of(fields.get("jwks"))));
                    builder.setVerificationKeyResolver(new JwksVerificationKeyResolver(keys.getJsonWebKeys()));
                } catch (IOException | org.jose4j.lang.JoseException e) {
                    throw badConfig("cannot read the JWKS file " + fields.get("jwks") + " of " + issuer + ": " + e.getMessage());
                }
            } else if (fields.containsKey("pem")) {
                builder.setVerificationKey(pem(Path.of(fields.get("pem")), issuer));
            } else {
                throw badConfig("issuer " + issuer + " needs jwks=<file> or pem=<file>");
            }
            parsed.add(new Issuer(issuer, claim, builder.build()));
        }
        return List.copyOf(parsed);
    }

    private static PublicKey pem(Path file, String issuer) {
        try {
            String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
            for (String algorithm : List.of("RSA", "EC")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePublic(spec);
                } catch (java.security.spec.InvalidKeySpecException notThisKind) {
                    // try the next
                }
            }
            throw badConfig("the PEM file " + file + " of " + issuer + " holds no RSA or EC public key");
        } catch (IOException | IllegalArgumentException | java.security.NoSuchAlgorithmException e) {
            throw badConfig("cannot read the PEM file " + file + " of " + issuer + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null || value.isBlank()) {
            throw badConfig("every issuer needs " + key + "=");
        }
        return value;
    }

    private static IllegalStateException badConfig(String problem) {
        return new IllegalStateException("PLYSTRA_JWT_ISSUERS: " + problem);
    }
}
