package io.bulwark.client;

import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.TokenRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Builders for the selectors and revocation targets the API takes, and the session ref of an id. */
public final class Selectors {
    private Selectors() {
    }

    /** Selects a session by its id (the bearer secret). */
    public static SessionSelector sessionId(final String sessionId) {
        return SessionSelector.newBuilder().setSessionId(sessionId).build();
    }

    /** Selects a session by its ref (lowercase hex SHA-256 of the id), the handle safe to log. */
    public static SessionSelector sessionRef(final String sessionRef) {
        return SessionSelector.newBuilder().setSessionRef(sessionRef).build();
    }

    /** The ref of a session id: the lowercase hex SHA-256 of its UTF-8 bytes. */
    public static String refOf(final String sessionId) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** A token, by issuer ({@code iss}) and token id ({@code jti}). */
    public static RevocationTarget token(final String issuer, final String tokenId) {
        return RevocationTarget.newBuilder()
            .setToken(TokenRef.newBuilder().setIssuer(issuer).setTokenId(tokenId)).build();
    }

    /** A session, as a revocation target. */
    public static RevocationTarget session(final SessionSelector session) {
        return RevocationTarget.newBuilder().setSession(session).build();
    }

    /** Every credential of a subject issued before a cut-off. */
    public static RevocationTarget subject(final String subject) {
        return RevocationTarget.newBuilder().setSubject(subject).build();
    }

    /** An API key, by its public id (never the secret). */
    public static RevocationTarget apiKey(final String apiKeyId) {
        return RevocationTarget.newBuilder().setApiKeyId(apiKeyId).build();
    }
}
