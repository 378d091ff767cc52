package io.bulwark.state.check;

/**
 * A check's credential, reused per thread: the caller {@code reset()}s it and sets one credential.
 * Mutable on purpose so the hot path allocates nothing per request.
 *
 * <p>Skeleton of the contract; the state-machine module owns its final shape.
 */
public final class CheckInput {
    // session credential
    public String sessionId;
    // token credential
    public String issuer;
    public String tokenId;
    public String subject;
    public long issuedAtMs;
    public long expiresAtMs;
    /** Optional sid claim of a token. */
    public String tokenSessionId;

    public CheckInput reset() {
        sessionId = null;
        issuer = null;
        tokenId = null;
        subject = null;
        issuedAtMs = 0;
        expiresAtMs = 0;
        tokenSessionId = null;
        return this;
    }
}
