package io.bulwark.state.check;

import java.util.Map;

/**
 * A check's credential and request, reused per thread: the caller {@code reset()}s it and sets one
 * credential — {@link #sessionId}, a verified token's claims ({@link #issuer}, {@link #tokenId},
 * {@link #subject}, {@link #issuedAtMs}, {@link #expiresAtMs}, optional {@link #tokenSessionId}),
 * or a {@link #bearerToken} the node verifies against the active bundle (which then fills the
 * claim fields). A bearer token wins, then a session id; a token lacking issuer, token id or
 * subject is treated as no credential. {@link #method} and {@link #path} (with the optional
 * request fields) make the active bundle's rules apply. Mutable on purpose so the hot path
 * allocates nothing per request.
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
    // bearer JWT credential (a secret: never logged)
    public String bearerToken;
    // request attributes for the policy rules
    public String method;
    public String path;
    public String sourceIp;
    public String tenant;
    /** Lower-case header names; read, never copied. */
    public Map<String, String> headers;

    public CheckInput reset() {
        sessionId = null;
        issuer = null;
        tokenId = null;
        subject = null;
        issuedAtMs = 0;
        expiresAtMs = 0;
        tokenSessionId = null;
        bearerToken = null;
        method = null;
        path = null;
        sourceIp = null;
        tenant = null;
        headers = null;
        return this;
    }
}
