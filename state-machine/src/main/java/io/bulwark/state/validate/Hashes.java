package io.bulwark.state.validate;

import com.google.protobuf.ByteString;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 keys under which credentials are stored. The store never keeps a bearer secret:
 * the edge hashes it with these helpers before building a command, and the check path hashes
 * the presented credential the same way (through the allocation-free {@code ...Into} variants).
 *
 * <p>Key derivations (fixed: changing one orphans every stored row):
 * <ul>
 *   <li>session: SHA-256(UTF-8 session id)</li>
 *   <li>token: SHA-256(UTF-8 issuer || 0x00 || UTF-8 token id)</li>
 *   <li>subject: SHA-256(UTF-8 subject)</li>
 *   <li>API key: SHA-256(UTF-8 API key id)</li>
 *   <li>request id: SHA-256(UTF-8 actor || 0x00 || UTF-8 request id) — scoped per caller, so two
 *       callers choosing the same request id never see each other's outcome</li>
 * </ul>
 *
 * <p>Thread-safe: each thread uses its own {@link MessageDigest}.
 */
public final class Hashes {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Hashes() {
    }

    /** SHA-256 of a session id. */
    public static byte[] sessionHash(String sessionId) {
        byte[] out = new byte[Limits.HASH_BYTES];
        sessionHashInto(sessionId, out);
        return out;
    }

    /** SHA-256 of {@code issuer || 0x00 || tokenId}. */
    public static byte[] tokenHash(String issuer, String tokenId) {
        byte[] out = new byte[Limits.HASH_BYTES];
        tokenHashInto(issuer, tokenId, out);
        return out;
    }

    /** SHA-256 of a subject. */
    public static byte[] subjectHash(String subject) {
        byte[] out = new byte[Limits.HASH_BYTES];
        singleInto(subject, out);
        return out;
    }

    /** SHA-256 of an API key's public id. */
    public static byte[] apiKeyHash(String apiKeyId) {
        byte[] out = new byte[Limits.HASH_BYTES];
        singleInto(apiKeyId, out);
        return out;
    }

    /** SHA-256 of {@code actor || 0x00 || requestId}: the de-duplication key of a write. */
    public static byte[] requestHash(String actor, String requestId) {
        byte[] out = new byte[Limits.HASH_BYTES];
        pairInto(actor, requestId, out);
        return out;
    }

    /** Allocation-free {@link #sessionHash}: writes 32 bytes into {@code out[0..32)}. */
    public static void sessionHashInto(CharSequence sessionId, byte[] out) {
        singleInto(sessionId, out);
    }

    /** Allocation-free {@link #subjectHash}: writes 32 bytes into {@code out[0..32)}. */
    public static void subjectHashInto(CharSequence subject, byte[] out) {
        singleInto(subject, out);
    }

    /** Allocation-free {@link #tokenHash}: writes 32 bytes into {@code out[0..32)}. */
    public static void tokenHashInto(CharSequence issuer, CharSequence tokenId, byte[] out) {
        pairInto(issuer, tokenId, out);
    }

    /** Lowercase hex of a hash: the public handle ("ref") of a stored credential. */
    public static String toRef(byte[] hash) {
        byte[] chars = new byte[hash.length * 2];
        for (int i = 0; i < hash.length; i++) {
            chars[2 * i] = HEX[(hash[i] >> 4) & 0xF];
            chars[2 * i + 1] = HEX[hash[i] & 0xF];
        }
        return new String(chars, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Lowercase hex of a hash held in a protobuf {@link ByteString}. */
    public static String toRef(ByteString hash) {
        return toRef(hash.toByteArray());
    }

    /**
     * Parses a ref back into its 32-byte hash.
     * @return the hash, or null unless {@code ref} is exactly 64 lowercase hex digits
     */
    public static byte[] fromRef(String ref) {
        if (ref == null || ref.length() != Limits.HASH_BYTES * 2) {
            return null;
        }
        byte[] out = new byte[Limits.HASH_BYTES];
        for (int i = 0; i < out.length; i++) {
            int hi = hexValue(ref.charAt(2 * i));
            int lo = hexValue(ref.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static void singleInto(CharSequence value, byte[] out) {
        Scratch s = SCRATCH.get();
        Utf8.digest(s.sha256, value, s.bytes);
        s.finish(out);
    }

    private static void pairInto(CharSequence first, CharSequence second, byte[] out) {
        Scratch s = SCRATCH.get();
        Utf8.digest(s.sha256, first, s.bytes);
        s.sha256.update((byte) 0);
        Utf8.digest(s.sha256, second, s.bytes);
        s.finish(out);
    }

    /** Per-thread digest and encoding buffer, reused so hashing allocates nothing. */
    private static final class Scratch {
        final MessageDigest sha256 = newSha256();
        final byte[] bytes = new byte[256];

        void finish(byte[] out) {
            try {
                sha256.digest(out, 0, Limits.HASH_BYTES);
            } catch (DigestException e) {
                throw new IllegalArgumentException("hash output needs " + Limits.HASH_BYTES + " bytes", e);
            }
        }
    }

    /** A fresh SHA-256 digest (every JDK ships it). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
