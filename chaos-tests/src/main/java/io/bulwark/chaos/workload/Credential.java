package io.bulwark.chaos.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * A credential a workload exercises: a session (its id is a bearer secret) or a caller-verified token
 * (issuer + token id). The history only ever carries {@link #ref()}, a hash, never the secret.
 *
 * @param kind      session or token
 * @param secret    the session id, or the token id
 * @param ref       the key recorded in the history ({@code s-…} / {@code t-…} + 16 hex digits of SHA-256)
 * @param createdMs wall time the credential was made (token iat is an hour before it, so a node whose
 *                  clock is a few minutes behind still finds the token valid)
 */
public record Credential(Kind kind, String secret, String ref, long createdMs) {
    /** The issuer of every token credential. */
    public static final String ISSUER = "https://chaos.bulwark.test";

    /** Which API a credential goes through. */
    public enum Kind {
        /** CreateSession / GetSession / RevokeSession / Check(session_id). */
        SESSION,
        /** Revoke(TokenRef) / GetRevocation / Check(TokenClaims). */
        TOKEN
    }

    /** A fresh random credential of {@code kind}. */
    public static Credential fresh(Kind kind, Random random, long nowMs) {
        // 32 hex digits: a valid session id (16-128 of [A-Za-z0-9._~-]) and token id alike.
        String secret = String.format("%016x%016x", random.nextLong(), random.nextLong());
        String prefix = kind == Kind.SESSION ? "s-" : "t-";
        return new Credential(kind, secret, prefix + sha256Hex(kind + ":" + secret).substring(0, 16), nowMs);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return kind + " " + ref; // never the secret
    }
}
