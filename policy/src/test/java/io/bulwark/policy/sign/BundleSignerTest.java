package io.bulwark.policy.sign;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleSignerTest {
    static final Path EXAMPLE = Path.of("..", "examples", "orders-bundle");
    static final BundleMetadata META = new BundleMetadata("orders", "ci@example.test", "", 1_767_225_600_000L);
    static CompileResult compiled;

    @BeforeAll
    static void compile() throws Exception {
        compiled = PolicyCompiler.compile(BundleInput.fromDirectory(EXAMPLE));
        assertThat(compiled.ok()).isTrue();
    }

    @Test
    void shouldSignAndVerifyWithEd25519Es256AndRs256() throws Exception {
        List<JWK> keys = List.of(
                new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed").generate(),
                new ECKeyGenerator(Curve.P_256).keyID("es").generate(),
                new RSAKeyGenerator(2048).keyID("rs").generate());
        BundleVerifier verifier = new BundleVerifier(keys);
        for (JWK k : keys) {
            String json = BundleSigner.sign(compiled.canonicalBytes(), META, k).toJson();
            VerifiedBundle v = verifier.verify(json);
            assertThat(v.signerKid()).isEqualTo(k.getKeyID());
            assertThat(v.contentHash()).isEqualTo(compiled.contentHash());
            assertThat(v.bundle()).isEqualTo(compiled.bundle());
            assertThat(v.metadata()).isEqualTo(META);
        }
    }

    @Test
    void shouldVerifyWithTheExampleTestOnlyKeys() throws Exception {
        Path keys = Path.of("..", "examples", "keys");
        JWK priv = KeyFiles.readSigningKey(keys.resolve("TEST-ONLY-bundle-signer.private.jwk.json"));
        List<JWK> trusted = KeyFiles.readTrustedKeys(List.of(keys.resolve("bundle-signer.public.jwk.json")));
        assertThat(trusted).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
        String json = BundleSigner.sign(compiled.canonicalBytes(), META, priv).toJson();
        assertThat(new BundleVerifier(trusted).verify(json).signerKid()).isEqualTo("example-bundle-signer-1");
        // a public key file cannot sign; the issuer's private JWKS holds two keys, not one
        assertThatThrownBy(() -> KeyFiles.readSigningKey(keys.resolve("bundle-signer.public.jwk.json")))
                .hasMessageContaining("has no private part");
        assertThatThrownBy(() -> KeyFiles.readSigningKey(keys.resolve("TEST-ONLY-issuer.private.jwks.json")))
                .hasMessageContaining("expected exactly one signing key, found 2");
    }

    private static String envelope() throws Exception {
        return BundleSigner.sign(compiled.canonicalBytes(), META, ed()).toJson();
    }

    private static JWK edKey;

    private static synchronized JWK ed() throws Exception {
        if (edKey == null) {
            edKey = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed").generate();
        }
        return edKey;
    }

    private static BundleRejection rejection(String json, BundleVerifier v) {
        try {
            v.verify(json);
        } catch (BundleVerificationException e) {
            return e.reason();
        }
        throw new AssertionError("bundle was accepted");
    }

    private static String edit(String json, String field, Object value) throws Exception {
        Map<String, Object> o = JSONObjectUtils.parse(json);
        o.put(field, value);
        return JSONObjectUtils.toJSONString(o);
    }

    @Test
    void shouldRejectTamperedUnsignedAndUntrustedBundlesWithPreciseReasons() throws Exception {
        BundleVerifier trusted = new BundleVerifier(List.of(ed().toPublicJWK()));
        String good = envelope();
        assertThat(trusted.verify(good)).isNotNull();

        byte[] bytes = compiled.canonicalBytes().clone();
        bytes[bytes.length / 2] ^= 1;
        String b64 = Base64.getEncoder().encodeToString(bytes);
        assertThat(rejection(edit(good, "bundle", b64), trusted)).isEqualTo(BundleRejection.CONTENT_HASH_MISMATCH);

        // bytes and hash both replaced: the signature no longer covers the hash
        String forged = edit(edit(good, "bundle", b64), "contentHash", io.bulwark.policy.compile.BundleHash.contentHash(bytes));
        assertThat(rejection(forged, trusted)).isEqualTo(BundleRejection.BAD_SIGNATURE);

        Map<String, Object> meta = JSONObjectUtils.getJSONObject(JSONObjectUtils.parse(good), "metadata");
        meta.put("author", "mallory@example.test");
        assertThat(rejection(edit(good, "metadata", meta), trusted)).isEqualTo(BundleRejection.BAD_SIGNATURE);

        assertThat(rejection(edit(good, "signature", ""), trusted)).isEqualTo(BundleRejection.UNSIGNED);
        BundleVerifier other = new BundleVerifier(List.of(new OctetKeyPairGenerator(Curve.Ed25519).keyID("other").generate()));
        assertThat(rejection(good, other)).isEqualTo(BundleRejection.UNTRUSTED_KEY);
        // same kid, different key: a signature that does not verify
        BundleVerifier impostor = new BundleVerifier(List.of(new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed").generate().toPublicJWK()));
        assertThat(rejection(good, impostor)).isEqualTo(BundleRejection.BAD_SIGNATURE);
        // the trusted kid is an RSA key but the signature is EdDSA
        BundleVerifier wrongType = new BundleVerifier(List.of(new RSAKeyGenerator(2048).keyID("ed").generate().toPublicJWK()));
        assertThat(rejection(good, wrongType)).isEqualTo(BundleRejection.ALGORITHM_MISMATCH);

        assertThat(rejection("not json", trusted)).isEqualTo(BundleRejection.MALFORMED_ENVELOPE);
        assertThat(rejection(edit(good, "format", "v0"), trusted)).isEqualTo(BundleRejection.UNSUPPORTED_FORMAT);
    }

    @Test
    void shouldActivateAVerifiedBundleAndPassItsTests() throws Exception {
        BundleVerifier trusted = new BundleVerifier(List.of(ed().toPublicJWK()));
        VerifiedBundle v = trusted.verify(envelope());
        var policy = io.bulwark.policy.eval.CompiledPolicy.build(v.bundle(), v.contentHash());
        var report = io.bulwark.policy.testing.BundleTestRunner.run(policy);
        assertThat(report.allPassed()).as(report.describe()).isTrue();
        assertThat(report.contentHash()).isEqualTo(compiled.contentHash());
    }

    @Test
    void shouldRefuseToSignWithAPublicKey() throws Exception {
        JWK pub = ed().toPublicJWK();
        assertThatThrownBy(() -> BundleSigner.sign(compiled.canonicalBytes(), META, pub))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no private part");
    }
}
