package io.bulwark.policy.sign;

import io.bulwark.policy.v1.CompiledBundle;

/** A signed bundle that passed verification: its content, hash, metadata and the signer's key id. */
public record VerifiedBundle(CompiledBundle bundle, String contentHash, BundleMetadata metadata, String signerKid) {
}
