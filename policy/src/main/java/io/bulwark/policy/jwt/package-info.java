/**
 * JWT verification for checks: {@link io.bulwark.policy.jwt.TokenVerifier} is built from a compiled
 * bundle's issuers and rejects each attack class with a distinct {@link io.bulwark.policy.jwt.TokenFailure};
 * verified tokens are cached by token hash until expiry.
 */
package io.bulwark.policy.jwt;
