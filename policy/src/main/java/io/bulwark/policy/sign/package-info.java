/**
 * Bundle signing: the signed-bundle envelope ({@link io.bulwark.policy.sign.SignedBundle}), signing with
 * Ed25519 / ES256 / RS256 JWKs ({@link io.bulwark.policy.sign.BundleSigner}) and verification against
 * trusted keys with a precise {@link io.bulwark.policy.sign.BundleRejection} on refusal.
 */
package io.bulwark.policy.sign;
