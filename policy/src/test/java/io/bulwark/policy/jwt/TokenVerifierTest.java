package io.bulwark.policy.jwt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.policy.TestBundles;
import io.bulwark.policy.compile.CompileResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JWT verification, including the classic attacks, with keys generated here. */
class TokenVerifierTest {
    static final String ISS = "https://id.test";
    static final long NOW = 1_767_225_600_000L;
    static RSAKey rsa;
    static ECKey ec;
    static OctetKeyPair ed;
    static RSAKey stranger;
    static TokenVerifier verifier;

    @BeforeAll
    static void setUp() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rs-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("es-1").generate();
        ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("rs-1").generate(); // same kid, other key
        String jwks = new JWKSet(List.<JWK>of(rsa, ec, ed)).toPublicJWKSet().toString();
        CompileResult r = TestBundles.ok("bundle \"t\"\n"
                + "issuer corp \"" + ISS + "\" {\n  audience \"api\", \"api2\"\n  algorithms RS256, ES256, EdDSA\n"
                + "  jwks \"\"\"" + jwks + "\"\"\"\n  leeway 30s\n  roles_claim \"groups\"\n}\n"
                + "role reader { permit \"orders:read\" }\n");
        verifier = TokenVerifier.fromBundle(r.bundle(), 1000);
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISS).subject("u1").audience("api").jwtID("t-1")
                .issueTime(new Date(NOW - 60_000)).expirationTime(new Date(NOW + 600_000))
                .claim("groups", List.of("reader")).claim("amr", List.of("pwd", "mfa"));
    }

    static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String rs(JWTClaimsSet c) throws Exception {
        // RS256 signatures are deterministic: tests needing distinct tokens vary the claims
        return sign(JWSAlgorithm.RS256, "rs-1", new RSASSASigner(rsa), c);
    }

    static TokenFailure failure(String token) {
        TokenVerification v = verifier.verify(token, NOW);
        assertThat(v.ok()).isFalse();
        return v.failure();
    }

    @Test
    void shouldAcceptValidTokensOfEveryAllowedAlgorithm() throws Exception {
        for (String token : new String[] {
                rs(claims().build()),
                sign(JWSAlgorithm.ES256, "es-1", new ECDSASigner(ec), claims().jwtID("t-2").build()),
                sign(JWSAlgorithm.EdDSA, "ed-1", new Ed25519Signer(ed), claims().jwtID("t-3").build())}) {
            TokenVerification v = verifier.verify(token, NOW);
            assertThat(v.failure()).isNull();
            assertThat(v.token().subject()).isEqualTo("u1");
            assertThat(v.token().issuerName()).isEqualTo("corp");
            assertThat(v.token().principal().roles()).containsExactly("reader");
            assertThat(v.token().principal().amr()).containsExactly("pwd", "mfa");
            assertThat(v.token().principal().issuer()).isEqualTo(ISS);
            assertThat(v.token().tokenRef()).hasSize(64).doesNotContain(token);
        }
    }

    @Test
    void shouldRejectAlgNone() {
        String token = new PlainJWT(claims().build()).serialize();
        assertThat(failure(token)).isEqualTo(TokenFailure.ALG_NONE);
    }

    @Test
    void shouldRejectHs256SignedWithTheRsaPublicKeyAsSecret() throws Exception {
        byte[] secret = rsa.toRSAPublicKey().getEncoded();
        String token = sign(JWSAlgorithm.HS256, "rs-1", new MACSigner(secret), claims().build());
        assertThat(failure(token)).isEqualTo(TokenFailure.ALGORITHM_NOT_ALLOWED);
        // also with the JWK's JSON as the secret
        String token2 = sign(JWSAlgorithm.HS256, "rs-1", new MACSigner(rsa.toPublicJWK().toJSONString().getBytes()), claims().build());
        assertThat(failure(token2)).isEqualTo(TokenFailure.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void shouldRejectUnknownKidAndKeyAlgorithmMismatch() throws Exception {
        assertThat(failure(sign(JWSAlgorithm.RS256, "rs-9", new RSASSASigner(rsa), claims().build())))
                .isEqualTo(TokenFailure.UNKNOWN_KID);
        // an RS256 token that names the EC key
        assertThat(failure(sign(JWSAlgorithm.RS256, "es-1", new RSASSASigner(rsa), claims().build())))
                .isEqualTo(TokenFailure.KEY_ALGORITHM_MISMATCH);
    }

    @Test
    void shouldRejectBadSignatures() throws Exception {
        assertThat(failure(sign(JWSAlgorithm.RS256, "rs-1", new RSASSASigner(stranger), claims().build())))
                .isEqualTo(TokenFailure.BAD_SIGNATURE);
        assertThat(failure(sign(JWSAlgorithm.EdDSA, "ed-1",
                new Ed25519Signer(new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate()), claims().build())))
                .isEqualTo(TokenFailure.BAD_SIGNATURE);
        // payload swapped under a valid signature
        String good = rs(claims().build());
        String other = rs(claims().subject("admin").build());
        String[] g = good.split("\\.");
        String[] o = other.split("\\.");
        assertThat(failure(g[0] + "." + o[1] + "." + g[2])).isEqualTo(TokenFailure.BAD_SIGNATURE);
    }

    @Test
    void shouldIgnoreKeysTheTokenBringsWithIt() throws Exception {
        // An attacker signs with their own key and embeds it (jwk header) or points to it (jku):
        // only the bundle's keys count.
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("rs-1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rs-1")
                .jwk(attacker.toPublicJWK()).jwkURL(java.net.URI.create("https://evil.test/jwks")).build(),
                claims().subject("admin").build());
        jwt.sign(new RSASSASigner(attacker));
        assertThat(failure(jwt.serialize())).isEqualTo(TokenFailure.BAD_SIGNATURE);
    }

    @Test
    void shouldCheckExpiryAndNotBeforeWithLeeway() throws Exception {
        String expired = rs(claims().expirationTime(new Date(NOW - 31_000)).build());
        assertThat(failure(expired)).isEqualTo(TokenFailure.EXPIRED);
        String withinLeeway = rs(claims().expirationTime(new Date(NOW - 29_000)).build());
        assertThat(verifier.verify(withinLeeway, NOW).ok()).isTrue();
        String future = rs(claims().notBeforeTime(new Date(NOW + 31_000)).build());
        assertThat(failure(future)).isEqualTo(TokenFailure.NOT_YET_VALID);
        assertThat(verifier.verify(future, NOW + 2_000).ok()).isTrue();
        assertThat(failure(rs(claims().expirationTime(null).build()))).isEqualTo(TokenFailure.MISSING_EXPIRY);
    }

    @Test
    void shouldCheckIssuerAndAudience() throws Exception {
        assertThat(failure(rs(claims().audience("someone-else").build()))).isEqualTo(TokenFailure.WRONG_AUDIENCE);
        assertThat(failure(rs(claims().audience((String) null).build()))).isEqualTo(TokenFailure.WRONG_AUDIENCE);
        assertThat(verifier.verify(rs(claims().audience(List.of("x", "api2")).build()), NOW).ok()).isTrue();
        assertThat(failure(rs(claims().issuer("https://evil.test").build()))).isEqualTo(TokenFailure.UNKNOWN_ISSUER);
        assertThat(failure(rs(claims().issuer(null).build()))).isEqualTo(TokenFailure.UNKNOWN_ISSUER);
    }

    @Test
    void shouldRejectGarbage() throws Exception {
        assertThat(failure("")).isEqualTo(TokenFailure.MALFORMED);
        assertThat(failure("a.b")).isEqualTo(TokenFailure.MALFORMED);
        assertThat(failure("a.b.c.d")).isEqualTo(TokenFailure.MALFORMED);
        assertThat(failure("!!!.e30.x")).isEqualTo(TokenFailure.MALFORMED);
        assertThat(failure("x".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1))).isEqualTo(TokenFailure.MALFORMED);
        // a valid token with junk a lenient base64 decoder might skip
        String good = rs(claims().build());
        assertThat(verifier.verify(good, NOW).ok()).isTrue();
        assertThat(failure(good.replaceFirst("\\.", ".\u00e9"))).isEqualTo(TokenFailure.MALFORMED);
        assertThat(failure(good + "=")).isEqualTo(TokenFailure.MALFORMED);
        assertThat(failure(" " + good)).isEqualTo(TokenFailure.MALFORMED);
    }

    @Test
    void shouldServeRepeatTokensFromTheCacheUntilTheyExpire() throws Exception {
        String token = rs(claims().jwtID("cache-1").expirationTime(new Date(NOW + 60_000)).build());
        TokenVerification first = verifier.verify(token, NOW);
        assertThat(first.ok()).isTrue();
        assertThat(first.cached()).isFalse();
        TokenVerification second = verifier.verify(token, NOW + 1_000);
        assertThat(second.cached()).isTrue();
        assertThat(second.token()).isSameAs(first.token());
        // past exp + leeway the cached entry is not used and the token is rejected
        TokenVerification late = verifier.verify(token, NOW + 60_000 + 30_000);
        assertThat(late.failure()).isEqualTo(TokenFailure.EXPIRED);
    }

    @Test
    void shouldBoundTheCache() throws Exception {
        CompileResult r = TestBundles.ok("bundle \"t\"\nissuer corp \"" + ISS + "\" { audience \"api\" algorithms RS256 jwks \"\"\""
                + new JWKSet(rsa).toPublicJWKSet() + "\"\"\" }\n");
        TokenVerifier small = TokenVerifier.fromBundle(r.bundle(), 10);
        for (int i = 0; i < 25; i++) {
            assertThat(small.verify(rs(claims().jwtID("b-" + i).build()), NOW).ok()).isTrue();
            assertThat(small.cachedTokens()).isLessThanOrEqualTo(10);
        }
        // a kid-less token works when exactly one key fits the algorithm...
        assertThat(small.verify(sign(JWSAlgorithm.RS256, null, new RSASSASigner(rsa), claims().build()), NOW).ok()).isTrue();
        // ...and is refused when several could
        RSAKey second = new RSAKeyGenerator(2048).keyID("rs-2").generate();
        CompileResult two = TestBundles.ok("bundle \"t\"\nissuer corp \"" + ISS + "\" { audience \"api\" algorithms RS256 jwks \"\"\""
                + new JWKSet(List.<JWK>of(rsa, second)).toPublicJWKSet() + "\"\"\" }\n");
        TokenVerification v = TokenVerifier.fromBundle(two.bundle(), 0)
                .verify(sign(JWSAlgorithm.RS256, null, new RSASSASigner(rsa), claims().build()), NOW);
        assertThat(v.failure()).isEqualTo(TokenFailure.MISSING_KID);
    }
}
