package io.bulwark.policy.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import io.bulwark.policy.v1.Issuer;
import io.bulwark.policy.v1.SignatureAlgorithm;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One issuer's verification material, prepared once: allowed algorithms, and a verifier per key
 * id. Key selection is done here rather than with Nimbus's {@code JWSVerificationKeySelector},
 * which does not select OKP (Ed25519) keys.
 */
final class IssuerKeys {
    final Issuer issuer;
    final Set<JWSAlgorithm> algorithms = new HashSet<>();
    final Set<String> audiences;
    private final Map<String, KeyEntry> byKid = new HashMap<>();
    private final List<KeyEntry> all = new ArrayList<>();

    record KeyEntry(JWK jwk, JWSVerifier verifier) {
    }

    IssuerKeys(Issuer issuer) throws ParseException, JOSEException {
        this.issuer = issuer;
        this.audiences = Set.copyOf(issuer.getAudiencesList());
        for (SignatureAlgorithm a : issuer.getAlgorithmsList()) {
            algorithms.add(a == SignatureAlgorithm.EDDSA ? JWSAlgorithm.EdDSA : JWSAlgorithm.parse(a.name()));
        }
        for (JWK k : JWKSet.parse(issuer.getJwksJson()).getKeys()) {
            JWSVerifier v;
            if (KeyType.RSA.equals(k.getKeyType())) {
                v = new RSASSAVerifier((RSAKey) k);
            } else if (KeyType.EC.equals(k.getKeyType())) {
                v = new ECDSAVerifier((ECKey) k);
            } else if (KeyType.OKP.equals(k.getKeyType()) && Curve.Ed25519.equals(((OctetKeyPair) k).getCurve())) {
                v = new Ed25519Verifier((OctetKeyPair) k);
            } else {
                continue;
            }
            KeyEntry e = new KeyEntry(k, v);
            all.add(e);
            if (k.getKeyID() != null) {
                byKid.put(k.getKeyID(), e);
            }
        }
    }

    /** The key for {@code kid}, or null. */
    KeyEntry byKid(String kid) {
        return byKid.get(kid);
    }

    /** Without a kid: the only key able to verify {@code alg}, or null when there are none or several. */
    KeyEntry soleKeyFor(JWSAlgorithm alg) {
        KeyEntry found = null;
        for (KeyEntry e : all) {
            if (fits(e.jwk(), alg)) {
                if (found != null) {
                    return null;
                }
                found = e;
            }
        }
        return found;
    }

    /** True when {@code key} may verify {@code alg}: right type and curve, and its own alg (if any) agrees. */
    static boolean fits(JWK key, JWSAlgorithm alg) {
        if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg.getName())) {
            return false;
        }
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return KeyType.RSA.equals(key.getKeyType());
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            if (!KeyType.EC.equals(key.getKeyType())) {
                return false;
            }
            Curve c = ((ECKey) key).getCurve();
            return JWSAlgorithm.ES256.equals(alg) && Curve.P_256.equals(c)
                    || JWSAlgorithm.ES384.equals(alg) && Curve.P_384.equals(c)
                    || JWSAlgorithm.ES512.equals(alg) && Curve.P_521.equals(c);
        }
        if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
            return KeyType.OKP.equals(key.getKeyType()) && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve());
        }
        return false;
    }
}
