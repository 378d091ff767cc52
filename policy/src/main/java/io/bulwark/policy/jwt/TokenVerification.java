package io.bulwark.policy.jwt;

/**
 * Result of {@link TokenVerifier#verify}: a verified token, or the failure. {@code cached} tells
 * whether the signature check was skipped thanks to the verified-token cache.
 */
public record TokenVerification(VerifiedToken token, TokenFailure failure, boolean cached) {

    private static final TokenVerification[] FAILURES = new TokenVerification[TokenFailure.values().length];

    static {
        for (TokenFailure f : TokenFailure.values()) {
            FAILURES[f.ordinal()] = new TokenVerification(null, f, false);
        }
    }

    /** Shared, immutable failure results: rejecting a token allocates no result. */
    static TokenVerification failed(TokenFailure f) {
        return FAILURES[f.ordinal()];
    }

    public boolean ok() {
        return failure == null;
    }
}
