package io.bulwark.state.bundle;

import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyBuildException;
import io.bulwark.policy.jwt.TokenVerifier;
import io.bulwark.policy.sign.BundleVerificationException;
import io.bulwark.policy.sign.BundleVerifier;
import io.bulwark.policy.sign.SignedBundle;
import io.bulwark.policy.sign.VerifiedBundle;
import io.bulwark.policy.v1.CompiledBundle;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.validate.Limits;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies signed bundles against the trusted keys and compiles them, caching the compiled form by
 * content hash so a node compiles each version once whether it first meets it at the edge (push),
 * at apply, or when a snapshot makes it active. Verification is deterministic given the keys, so
 * apply may repeat it (defence in depth) with the same outcome on every replica. Thread-safe.
 */
public final class BundleAdmission {
    private final BundleVerifier verifier;
    private final int tokenCacheSize;
    private final ConcurrentHashMap<String, LoadedBundle> compiled = new ConcurrentHashMap<>();

    public BundleAdmission(PolicySettings settings) {
        this.verifier = settings.trustedKeys().isEmpty() ? null : new BundleVerifier(settings.trustedKeys());
        this.tokenCacheSize = settings.tokenCacheSize();
    }

    /** Verifies and compiles {@code signedBundle}; never throws for bad input. */
    public Admission admit(byte[] signedBundle) {
        if (signedBundle.length > Limits.MAX_BUNDLE_BYTES) {
            return Admission.refused(ResultCode.RESULT_BUNDLE_TOO_LARGE, "signed bundle of " + signedBundle.length
                    + " bytes exceeds " + Limits.MAX_BUNDLE_BYTES);
        }
        if (verifier == null) {
            return Admission.refused(ResultCode.RESULT_BUNDLE_UNTRUSTED_KEY,
                    "this cluster trusts no bundle signing keys (policy.trusted.keys is empty)");
        }
        VerifiedBundle verified;
        try {
            verified = verifier.verify(new String(signedBundle, StandardCharsets.UTF_8));
        } catch (BundleVerificationException e) {
            // The exception message already starts with the rejection reason.
            return Admission.refused(codeOf(e), e.getMessage());
        }
        try {
            return new Admission(ResultCode.RESULT_OK, "", verified, load(verified.contentHash(), verified.bundle()));
        } catch (PolicyBuildException | RuntimeException e) {
            return Admission.refused(ResultCode.RESULT_BUNDLE_INVALID, "bundle does not compile: " + e.getMessage());
        }
    }

    /**
     * The compiled form of an already-admitted version (e.g. a row loaded from a snapshot): parsed
     * and compiled on first use, from the cache afterwards. The signature is not checked again:
     * the row is replicated state that was verified when it was applied.
     */
    public LoadedBundle loadStored(String contentHash, byte[] signedBundle) throws PolicyBuildException {
        LoadedBundle hit = compiled.get(contentHash);
        if (hit != null) {
            return hit;
        }
        try {
            SignedBundle sb = SignedBundle.parse(new String(signedBundle, StandardCharsets.UTF_8));
            return load(contentHash, CompiledBundle.parseFrom(sb.bundleBytes()));
        } catch (BundleVerificationException | com.google.protobuf.InvalidProtocolBufferException e) {
            throw new PolicyBuildException("stored bundle " + contentHash + " is unreadable: " + e.getMessage());
        }
    }

    /** Drops compiled forms whose content hash is not in {@code keep}. */
    public void retainOnly(Set<String> keep) {
        compiled.keySet().retainAll(keep);
    }

    /** Number of compiled versions held (for tests and metrics). */
    public int compiledCount() {
        return compiled.size();
    }

    private LoadedBundle load(String contentHash, CompiledBundle bundle) throws PolicyBuildException {
        LoadedBundle hit = compiled.get(contentHash);
        if (hit != null) {
            return hit;
        }
        LoadedBundle built = new LoadedBundle(contentHash, CompiledPolicy.build(bundle, contentHash),
                TokenVerifier.fromBundle(bundle, tokenCacheSize));
        LoadedBundle raced = compiled.putIfAbsent(contentHash, built);
        return raced == null ? built : raced;
    }

    private static ResultCode codeOf(BundleVerificationException e) {
        return switch (e.reason()) {
            case UNSIGNED -> ResultCode.RESULT_BUNDLE_UNSIGNED;
            case CONTENT_HASH_MISMATCH, BAD_SIGNATURE -> ResultCode.RESULT_BUNDLE_TAMPERED;
            case UNTRUSTED_KEY, ALGORITHM_MISMATCH -> ResultCode.RESULT_BUNDLE_UNTRUSTED_KEY;
            case MALFORMED_ENVELOPE, UNSUPPORTED_FORMAT, UNREADABLE_BUNDLE -> ResultCode.RESULT_BUNDLE_INVALID;
        };
    }
}
