package io.bulwark.bench.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * Signs bearer JWTs for the bearer-check workloads with a TEST-ONLY private key that the cluster's active
 * bundle trusts (by default the example issuer of {@code examples/orders-bundle}, whose private keys are
 * {@code examples/keys/TEST-ONLY-issuer.private.jwks.json}). All tokens are minted before a run, so the client
 * spends no signing time while measuring.
 */
final class BearerTokens {
    /** Lifetime of every minted token: longer than any run. */
    static final Duration TTL = Duration.ofHours(2);

    private final JWSSigner signer;
    private final JWSHeader header;
    private final String issuer;
    private final String audience;
    private final List<String> roles;
    private final String runId = Long.toString(System.nanoTime(), 36);

    BearerTokens(Path privateJwks, String kid, String issuer, String audience, List<String> roles) {
        final JWK key;
        try {
            key = JWKSet.load(privateJwks.toFile()).getKeyByKeyId(kid);
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException(privateJwks + ": cannot read a JWK set (" + e.getMessage() + ")", e);
        }
        if (key == null || !key.isPrivate()) {
            throw new IllegalArgumentException(privateJwks + ": no private key with kid '" + kid + "'");
        }
        try {
            if (key instanceof RSAKey rsa) {
                signer = new RSASSASigner(rsa);
                header = header(JWSAlgorithm.RS256, kid);
            } else if (key instanceof ECKey ec) {
                signer = new ECDSASigner(ec);
                header = header(JWSAlgorithm.ES256, kid);
            } else {
                throw new IllegalArgumentException(privateJwks + ": key '" + kid + "' is neither RSA nor EC P-256");
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException(privateJwks + ": key '" + kid + "' cannot sign: " + e.getMessage(), e);
        }
        this.issuer = issuer;
        this.audience = audience;
        this.roles = List.copyOf(roles);
    }

    private static JWSHeader header(JWSAlgorithm alg, String kid) {
        return new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build();
    }

    /** {@code count} distinct tokens (own jti and subject each), numbered from {@code first}. */
    String[] mint(int first, int count) {
        final long nowMs = System.currentTimeMillis();
        final String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            final int n = first + i;
            final JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                    .subject("bench-bearer-" + n).jwtID("bench-" + runId + "-bearer-" + n)
                    .issueTime(new Date(nowMs - 1_000)).expirationTime(new Date(nowMs + TTL.toMillis()))
                    .claim("roles", roles).build();
            final SignedJWT jwt = new SignedJWT(header, claims);
            try {
                jwt.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("signing bench token " + n + " failed: " + e.getMessage(), e);
            }
            out[i] = jwt.serialize();
        }
        return out;
    }
}
