package io.bulwark.state.bundle;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.BundleSigner;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.PromoteBundle;
import io.bulwark.replication.v1.RollbackBundle;
import io.bulwark.replication.v1.SetBundleShadow;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Keys generated per test run, a small bundle in variants, signing and token minting: everything
 * a bundle test needs, built with the real policy library.
 */
public final class TestBundles {
    public static final String ISS = "https://id.test";
    public static final String AUD = "orders-api";

    public final OctetKeyPair signer;
    public final OctetKeyPair stranger;
    public final OctetKeyPair issuerKey;
    public final OctetKeyPair forger;

    public TestBundles() {
        try {
            signer = new OctetKeyPairGenerator(Curve.Ed25519).keyID("test-signer").generate();
            stranger = new OctetKeyPairGenerator(Curve.Ed25519).keyID("stranger").generate();
            issuerKey = new OctetKeyPairGenerator(Curve.Ed25519).keyID("iss-1").generate();
            // Same kid as the issuer key, different key: a forged signature.
            forger = new OctetKeyPairGenerator(Curve.Ed25519).keyID("iss-1").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trusts {@link #signer}. */
    public PolicySettings settings(int versionsKeep) {
        return new PolicySettings(List.of(signer.toPublicJWK()), versionsKeep, 1000);
    }

    /**
     * The bundle source. {@code denyReads} adds a deny rule for GET (so a version flips reads from
     * allow to deny); {@code tag} varies the content hash without changing decisions.
     */
    public String source(boolean denyReads, String tag) {
        return "bundle \"orders\" {\n  description \"" + tag + "\"\n}\n"
                + "issuer corp \"" + ISS + "\" {\n  audience \"" + AUD + "\"\n  algorithms EdDSA\n"
                + "  jwks \"\"\"{\"keys\":[" + issuerKey.toPublicJWK().toJSONString() + "]}\"\"\"\n"
                + "  leeway 30s\n  roles_claim \"roles\"\n}\n"
                + "role reader { permit \"orders:read\" }\n"
                + "route GET \"/orders/{id}\" requires \"orders:read\"\n"
                + "route GET \"/health\" public\n"
                + "rule step-up-delete challenge \"mfa\" when { request.method == \"DELETE\" }\n"
                + "rule owners-delete allow when { request.method == \"DELETE\" }\n"
                + (denyReads ? "rule no-reads deny when { request.method == \"GET\" && request.route != \"/health\" }\n" : "");
    }

    public CompileResult compile(String source) {
        CompileResult r = PolicyCompiler.compile(BundleInput.of(List.of(new BundleSource("bundle.policy", source)), Map.of()));
        if (!r.ok()) {
            throw new IllegalStateException(r.errorReport());
        }
        return r;
    }

    /** The signed envelope bytes, as `bulwark bundle sign` writes them. */
    public byte[] signed(boolean denyReads, String tag) {
        return signedBy(signer, denyReads, tag);
    }

    public byte[] signedBy(OctetKeyPair key, boolean denyReads, String tag) {
        CompileResult r = compile(source(denyReads, tag));
        return BundleSigner.sign(r.canonicalBytes(), new BundleMetadata("orders", "ci@test", "", 1_767_225_600_000L), key)
                .toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** A bearer JWT of the issuer (or, with {@code forged}, signed by a key with the same kid). */
    public String token(String subject, String jti, List<String> roles, long nowMs, boolean forged) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISS).subject(subject).audience(AUD).jwtID(jti)
                    .issueTime(new Date(nowMs - 1000)).expirationTime(new Date(nowMs + 600_000))
                    .claim("roles", roles).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("iss-1")
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new Ed25519Signer(forged ? forger : issuerKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static CommandHeader header(long nowMs) {
        return CommandHeader.newBuilder().setActor("tester").setProposerTimeMs(nowMs).setProposerNode("n1").build();
    }

    public static Command shadow(long nowMs, long version) {
        return Command.newBuilder().setHeader(header(nowMs)).setSetBundleShadow(SetBundleShadow.newBuilder().setVersion(version)).build();
    }

    public static Command promote(long nowMs, long version, String expectedActiveHash) {
        return Command.newBuilder().setHeader(header(nowMs))
                .setPromoteBundle(PromoteBundle.newBuilder().setVersion(version).setExpectedActiveHash(expectedActiveHash)).build();
    }

    public static Command rollback(long nowMs, long version) {
        return Command.newBuilder().setHeader(header(nowMs)).setRollbackBundle(RollbackBundle.newBuilder().setToVersion(version)).build();
    }
}
