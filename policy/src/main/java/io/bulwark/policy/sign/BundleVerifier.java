package io.bulwark.policy.sign;

import com.google.protobuf.InvalidProtocolBufferException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import io.bulwark.policy.compile.BundleHash;
import io.bulwark.policy.v1.CompiledBundle;

import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Verifies signed bundles against a fixed set of trusted public keys (by {@code kid}). Checks, in
 * order: envelope shape and format, signature present, bytes hash to {@code contentHash}, key
 * trusted, algorithm fits the key, signature valid over hash + metadata, bytes parse. Thread-safe.
 */
public final class BundleVerifier {
    private final Map<String, JWK> trusted = new HashMap<>();

    /** @param trustedKeys public keys (private parts are dropped), each with a unique kid */
    public BundleVerifier(Collection<? extends JWK> trustedKeys) {
        for (JWK k : trustedKeys) {
            if (k.getKeyID() == null || k.getKeyID().isEmpty()) {
                throw new IllegalArgumentException("every trusted key needs a kid");
            }
            if (trusted.put(k.getKeyID(), k.toPublicJWK()) != null) {
                throw new IllegalArgumentException("duplicate trusted kid '" + k.getKeyID() + "'");
            }
        }
    }

    /** Parses and verifies an envelope ({@link SignedBundle#toJson()} form). */
    public VerifiedBundle verify(String envelopeJson) throws BundleVerificationException {
        return verify(SignedBundle.parse(envelopeJson));
    }

    public VerifiedBundle verify(SignedBundle sb) throws BundleVerificationException {
        if (sb.signature().isEmpty()) {
            throw new BundleVerificationException(BundleRejection.UNSIGNED, "the envelope carries no signature");
        }
        byte[] bytes = sb.bundleBytes();
        String actual = BundleHash.contentHash(bytes);
        if (!MessageDigest.isEqual(actual.getBytes(), sb.contentHash().getBytes())) {
            throw new BundleVerificationException(BundleRejection.CONTENT_HASH_MISMATCH,
                    "bundle bytes hash to " + actual + " but the envelope says " + sb.contentHash());
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(sb.signature(), new Payload(SignedBundle.signingInput(sb.contentHash(), sb.metadata())));
        } catch (ParseException e) {
            throw new BundleVerificationException(BundleRejection.MALFORMED_ENVELOPE, "signature is not a JWS: " + e.getMessage());
        }
        String kid = jws.getHeader().getKeyID();
        JWK key = kid == null ? null : trusted.get(kid);
        if (key == null) {
            throw new BundleVerificationException(BundleRejection.UNTRUSTED_KEY,
                    kid == null ? "signature has no kid" : "key '" + kid + "' is not trusted");
        }
        JWSVerifier verifier;
        try {
            verifier = verifierFor(key, jws.getHeader().getAlgorithm());
        } catch (JOSEException e) {
            throw new BundleVerificationException(BundleRejection.ALGORITHM_MISMATCH, e.getMessage());
        }
        if (verifier == null) {
            throw new BundleVerificationException(BundleRejection.ALGORITHM_MISMATCH, "algorithm "
                    + jws.getHeader().getAlgorithm() + " cannot be verified with trusted key '" + kid + "'");
        }
        boolean valid;
        try {
            valid = jws.verify(verifier);
        } catch (JOSEException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new BundleVerificationException(BundleRejection.BAD_SIGNATURE,
                    "signature by '" + kid + "' does not match the content hash and metadata");
        }
        try {
            return new VerifiedBundle(CompiledBundle.parseFrom(bytes), sb.contentHash(), sb.metadata(), kid);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleVerificationException(BundleRejection.UNREADABLE_BUNDLE, e.getMessage());
        }
    }

    private static JWSVerifier verifierFor(JWK key, JWSAlgorithm alg) throws JOSEException {
        if (JWSAlgorithm.EdDSA.equals(alg) && key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            return new Ed25519Verifier(okp);
        }
        if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec);
        }
        if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        return null;
    }
}
