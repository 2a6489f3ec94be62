package io.plystra.gateway;

import static io.plystra.testsupport.Api.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plystra.platform.ProductionSafety;
import io.plystra.testsupport.DemoProfile;
import io.plystra.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Forward-auth with the end user's JWT from an external identity provider, verified offline
 * against a JWKS file: a valid token acts as its user's primary binding in the route's space (or the
 * member the gateway names); expired, wrong issuer, wrong audience, {@code alg: none}, an unknown key
 * and a tampered token are each 401.
 */
@QuarkusTest
@TestProfile(JwtForwardTest.WithIssuers.class)
class JwtForwardTest {

    static final String ISSUER = "https://idp.example.test";
    static final String EMAIL_ISSUER = "https://mail-idp.example.test";
    static final RsaJsonWebKey KEY = key("k1");
    static final RsaJsonWebKey STRANGER = key("k2");

    public static class WithIssuers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(new DemoProfile().getConfigOverrides());
            try {
                Path jwks = Files.createTempFile("plystra-jwks", ".json");
                jwks.toFile().deleteOnExit();
                Files.writeString(jwks, new JsonWebKeySet(KEY).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                overrides.put("plystra.jwt-issuers", "issuer=" + ISSUER + ",audience=billing,jwks=" + jwks
                        + ";issuer=" + EMAIL_ISSUER + ",audience=billing,jwks=" + jwks + ",claim=email");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return overrides;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresTestResource.class));
        }
    }

    static String gatewayKey;

    @BeforeEach
    void routesKeyAndAnExternalSubject() {
        asAdmin().body(Map.of("routes", List.of(io.plystra.testsupport.GatewayRoutes.APPROVE))).put("/api/v1/spaces/space_acme/gateway/routes")
                .then().statusCode(200);
        if (gatewayKey == null) {
            gatewayKey = asAdmin().body(Map.of("name", "jwt-gateway", "permission_keys", List.of("authz:check"), "space_id", "space_acme"))
                    .post("/api/v1/api-keys").then().statusCode(201).extract().path("data.key");
        }
        asAdmin().body(Map.of("external_subject", "idp|alice")).patch("/api/v1/users/user_alice").then().statusCode(200)
                .body("data.external_subject", equalTo("idp|alice"));
    }

    static int forward(String token, String member) {
        var request = given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Forwarded-Method", "POST")
                .header("X-Forwarded-Uri", "/invoices/invoice_001/approve").header("Authorization", "Bearer " + token);
        if (member != null) {
            request.header("X-Plystra-Member-Id", member);
        }
        return request.get("/api/v1/authz/forward").then().extract().statusCode();
    }

    @Test
    void aValidTokenActsAsItsUsersBindingInTheSpace() {
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Forwarded-Method", "POST")
                .header("X-Forwarded-Uri", "/invoices/invoice_001/approve").header("Authorization", "Bearer " + token(claims(ISSUER, "billing", 300)))
                .get("/api/v1/authz/forward").then().statusCode(200)
                .header("X-Plystra-User-Id", "user_alice").header("X-Plystra-Member-Id", "member_finance_reviewer");
        assertEquals(200, forward(token(claims(ISSUER, "billing", 300)), "member_finance_reviewer"), "the named member");
        assertEquals(401, forward(token(claims(ISSUER, "billing", 300)), "member_invoice_creator"), "a member of no binding of the user");
        JwtClaims byEmail = claims(EMAIL_ISSUER, "billing", 300);
        byEmail.setSubject("someone-else");
        byEmail.setClaim("email", "Alice@Example.com");
        assertEquals(200, forward(token(byEmail), null), "an issuer whose claim is the email");
    }

    @Test
    void everyBadTokenIs401() throws Exception {
        assertEquals(401, forward(token(claims(ISSUER, "billing", -120)), null), "expired");
        assertEquals(401, forward(token(claims("https://evil.example.test", "billing", 300)), null), "wrong issuer");
        assertEquals(401, forward(token(claims(ISSUER, "payroll", 300)), null), "wrong audience");
        JsonWebSignature none = new JsonWebSignature();
        none.setPayload(claims(ISSUER, "billing", 300).toJson());
        none.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        none.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        assertEquals(401, forward(none.getCompactSerialization(), null), "alg none");
        assertEquals(401, forward(sign(claims(ISSUER, "billing", 300), STRANGER), null), "a key the JWKS does not hold");
        String[] parts = token(claims(ISSUER, "billing", 300)).split("\\.");
        JwtClaims other = claims(ISSUER, "billing", 300);
        other.setSubject("idp|bob");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(other.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertEquals(401, forward(tampered, null), "a payload changed after signing");
        JwtClaims nobody = claims(ISSUER, "billing", 300);
        nobody.setSubject("idp|nobody");
        assertEquals(401, forward(token(nobody), null), "a subject that is no user");
        given().header("X-Plystra-Gateway-Key", gatewayKey).header("X-Forwarded-Uri", "/invoices/invoice_001/approve")
                .header("Authorization", "Bearer " + token(claims(ISSUER, "payroll", 300))).get("/api/v1/authz/forward").then()
                .statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error.message", equalTo("the bearer token is no valid JWT of a configured issuer"));
    }

    @Test
    void aBrokenIssuerConfigurationIsAOneLineStartRefusal() {
        List<String> problems = ProductionSafety.startProblems(Map.of("PLYSTRA_JWT_ISSUERS", "issuer=" + ISSUER,
                "PLYSTRA_DATABASE_URL", "postgres://u:p@127.0.0.1:5432/db"));
        assertEquals(List.of("PLYSTRA_JWT_ISSUERS: every issuer needs audience="), problems);
        assertTrue(ProductionSafety.startProblems(Map.of("PLYSTRA_JWT_ISSUERS", "issuer=a,audience=b,jwks=/nonexistent.json",
                "PLYSTRA_DATABASE_URL", "postgres://u:p@127.0.0.1:5432/db")).get(0).startsWith("PLYSTRA_JWT_ISSUERS: cannot read the JWKS file"));
    }

    static JwtClaims claims(String issuer, String audience, int validSeconds) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(issuer);
        c.setAudience(audience);
        c.setSubject("idp|alice");
        c.setIssuedAtToNow();
        c.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + validSeconds));
        return c;
    }

    static String token(JwtClaims claims) {
        return sign(claims, KEY);
    }

    static String sign(JwtClaims claims, RsaJsonWebKey key) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static RsaJsonWebKey key(String id) {
        try {
            RsaJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
            k.setKeyId(id);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
