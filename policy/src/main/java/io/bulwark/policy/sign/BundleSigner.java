package io.bulwark.policy.sign;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import io.bulwark.policy.compile.BundleHash;

/**
 * Signs compiled bundles: a detached JWS over the content hash and metadata, with an Ed25519
 * (EdDSA), P-256 (ES256) or RSA (RS256) private key read from a JWK. The key needs a {@code kid}:
 * verifiers find the trusted key by it.
 */
public final class BundleSigner {
    /** JWS {@code typ} of bundle signatures, so they cannot be confused with tokens. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("bulwark-bundle+jws");

    private BundleSigner() {
    }

    /**
     * Signs {@code canonicalBytes} (from {@link BundleHash#canonicalBytes}).
     *
     * @throws IllegalArgumentException for a public-only, kid-less or unsupported key
     */
    public static SignedBundle sign(byte[] canonicalBytes, BundleMetadata metadata, JWK privateKey) {
        String hash = BundleHash.contentHash(canonicalBytes);
        if (privateKey.getKeyID() == null || privateKey.getKeyID().isEmpty()) {
            throw new IllegalArgumentException("signing key needs a kid");
        }
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("signing key '" + privateKey.getKeyID() + "' has no private part");
        }
        JWSAlgorithm alg;
        JWSSigner signer;
        try {
            if (privateKey instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                alg = JWSAlgorithm.EdDSA;
                signer = new Ed25519Signer(okp);
            } else if (privateKey instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                alg = JWSAlgorithm.ES256;
                signer = new ECDSASigner(ec);
            } else if (privateKey instanceof RSAKey rsa) {
                alg = JWSAlgorithm.RS256;
                signer = new RSASSASigner(rsa);
            } else {
                throw new IllegalArgumentException("unsupported signing key: expected Ed25519, P-256 EC or RSA");
            }
            JWSObject jws = new JWSObject(new JWSHeader.Builder(alg).keyID(privateKey.getKeyID()).type(TYPE).build(),
                    new Payload(SignedBundle.signingInput(hash, metadata)));
            jws.sign(signer);
            return new SignedBundle(canonicalBytes, hash, metadata, jws.serialize(true));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with key '" + privateKey.getKeyID() + "': " + e.getMessage(), e);
        }
    }
}
