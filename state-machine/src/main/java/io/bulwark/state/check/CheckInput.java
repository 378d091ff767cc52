package io.bulwark.state.check;

/**
 * A check's credential, reused per thread: the caller {@code reset()}s it and sets one credential
 * — either {@link #sessionId}, or a verified token's claims ({@link #issuer}, {@link #tokenId},
 * {@link #subject}, {@link #issuedAtMs}, {@link #expiresAtMs}, optional {@link #tokenSessionId}).
 * A session id wins when both are set; a token lacking issuer, token id or subject is treated as
 * no credential. Mutable on purpose so the hot path allocates nothing per request.
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
