package io.bulwark.bench.jmh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
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
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.policy.compile.BundleSource;

import java.util.Date;
import java.util.List;

/**
 * A JWT issuer for benchmarks: fresh RSA-2048, P-256 and Ed25519 keys (generated per trial, never
 * stored), declared as an extra issuer of the example bundle so tokens verify through the same
 * {@code TokenVerifier} a node builds from its active bundle.
 */
final class BenchIssuer {
    /** The issuer URL ({@code iss}); the example bundle's own issuer stays untouched. */
    static final String URL = "https://id.bench.test";
    /** An audience the example bundle's API accepts. */
    static final String AUDIENCE = "orders-api";

    /** The algorithms benchmarked, by the name used in {@code @Param}. */
    enum Alg {
        RS256(JWSAlgorithm.RS256, "bench-rsa"),
        ES256(JWSAlgorithm.ES256, "bench-ec"),
        EdDSA(JWSAlgorithm.EdDSA, "bench-ed25519");

        final JWSAlgorithm jws;
        final String kid;

        Alg(JWSAlgorithm jws, String kid) {
            this.jws = jws;
            this.kid = kid;
        }
    }

    private final RSAKey rsa;
    private final ECKey ec;
    private final OctetKeyPair ed;

    BenchIssuer() throws JOSEException {
        rsa = new RSAKeyGenerator(2048).keyID(Alg.RS256.kid).generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID(Alg.ES256.kid).generate();
        ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID(Alg.EdDSA.kid).generate();
    }

    /** The issuer declaration, with the public JWKS inline (JWKSet.toString() drops private parts). */
    BundleSource source() {
        String jwks = new JWKSet(List.<JWK>of(rsa, ec, ed)).toString();
        return new BundleSource("zz-bench-issuer.policy", "issuer bench \"" + URL + "\" {\n"
                + "  audience \"" + AUDIENCE + "\"\n"
                + "  algorithms RS256, ES256, EdDSA\n"
                + "  jwks \"\"\"" + jwks + "\"\"\"\n"
                + "  leeway 30s\n"
                + "  roles_claim \"roles\"\n"
                + "}\n");
    }

    /**
     * A signed token for {@code subject} with the claims the example bundle's rules read
     * ({@code roles}, {@code amr}, {@code tenant}), issued at {@code nowMs - 60 s}, valid one hour.
     */
    String mint(Alg alg, String subject, String tokenId, List<String> roles, long nowMs) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(URL).audience(AUDIENCE).subject(subject).jwtID(tokenId)
                .issueTime(new Date(nowMs - 60_000)).expirationTime(new Date(nowMs + 3_600_000))
                .claim("roles", roles).claim("amr", List.of("pwd")).claim("tenant", "acme")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg.jws).keyID(alg.kid).build(), claims);
        jwt.sign(signer(alg));
        return jwt.serialize();
    }

    private JWSSigner signer(Alg alg) throws JOSEException {
        return switch (alg) {
            case RS256 -> new RSASSASigner(rsa);
            case ES256 -> new ECDSASigner(ec);
            case EdDSA -> new Ed25519Signer(ed);
        };
    }
}
