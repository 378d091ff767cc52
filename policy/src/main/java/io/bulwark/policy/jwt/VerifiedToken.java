package io.bulwark.policy.jwt;

import io.bulwark.policy.eval.Principal;

/**
 * A token whose signature and claims were verified. Holds no raw token: only its claims and
 * {@code tokenRef}, the hex SHA-256 of the token, which is what may be logged.
 *
 * @param issuerName    the issuer's name in the bundle
 * @param expiresAtMs   the {@code exp} claim in ms (without leeway)
 * @param validUntilMs  {@code exp} plus the issuer's leeway: the cache keeps the entry until then
 */
public record VerifiedToken(String issuerName, String tokenRef, String tokenId, String subject, long issuedAtMs,
                            long expiresAtMs, long validUntilMs, Principal principal) {
}
