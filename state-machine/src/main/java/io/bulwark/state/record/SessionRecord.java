package io.bulwark.state.record;

import io.bulwark.state.validate.Limits;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Codec of a {@code sessions} row (key: SHA-256 of the session id).
 *
 * <pre>
 *  0 u8  format version (1)     1 u8 flags (bit 0: revoked)    2 u8 revocation reason
 *  3 u8  reserved               4 u16 subject length           6 u16 reserved
 *  8 i64 createdAtMs           16 i64 expiresAtMs             24 i64 lastTouchedAtMs
 * 32 i64 ttlMs                 40 i64 revokedAtMs (0: not revoked)
 * 48 32B SHA-256 of the subject (its index key, kept so purge and check need not re-hash)
 * 80 subject, UTF-8, {@code subject length} bytes (at most {@value Limits#MAX_SUBJECT_BYTES})
 * </pre>
 */
public final class SessionRecord {
    public static final byte VERSION = 1;
    public static final int FLAG_REVOKED = 1;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_OFFSET = 0;
    private static final int FLAGS_OFFSET = 1;
    private static final int REASON_OFFSET = 2;
    private static final int SUBJECT_LENGTH_OFFSET = 4;
    private static final int CREATED_AT_OFFSET = 8;
    private static final int EXPIRES_AT_OFFSET = 16;
    private static final int LAST_TOUCHED_AT_OFFSET = 24;
    private static final int TTL_OFFSET = 32;
    private static final int REVOKED_AT_OFFSET = 40;
    private static final int SUBJECT_HASH_OFFSET = 48;
    private static final int SUBJECT_OFFSET = 80;

    /** Bytes before the subject. */
    public static final int FIXED_BYTES = SUBJECT_OFFSET;
    /** Largest row. */
    public static final int MAX_BYTES = FIXED_BYTES + Limits.MAX_SUBJECT_BYTES;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private int length;

    /** Points this flyweight at {@code bytes[0..length)}; allocates nothing. */
    public SessionRecord wrap(byte[] bytes, int length) {
        buffer.wrap(bytes, 0, length);
        this.length = length;
        return this;
    }

    public int length() {
        return length;
    }

    public int version() {
        return buffer.getByte(VERSION_OFFSET);
    }

    public int flags() {
        return buffer.getByte(FLAGS_OFFSET) & 0xFF;
    }

    public boolean revoked() {
        return (flags() & FLAG_REVOKED) != 0;
    }

    public int reason() {
        return buffer.getByte(REASON_OFFSET) & 0xFF;
    }

    public int subjectLength() {
        return buffer.getShort(SUBJECT_LENGTH_OFFSET, ORDER) & 0xFFFF;
    }

    public long createdAtMs() {
        return buffer.getLong(CREATED_AT_OFFSET, ORDER);
    }

    public long expiresAtMs() {
        return buffer.getLong(EXPIRES_AT_OFFSET, ORDER);
    }

    public long lastTouchedAtMs() {
        return buffer.getLong(LAST_TOUCHED_AT_OFFSET, ORDER);
    }

    public long ttlMs() {
        return buffer.getLong(TTL_OFFSET, ORDER);
    }

    public long revokedAtMs() {
        return buffer.getLong(REVOKED_AT_OFFSET, ORDER);
    }

    /** Copies the subject's hash into {@code dst[0..32)}. */
    public void subjectHash(byte[] dst) {
        buffer.getBytes(SUBJECT_HASH_OFFSET, dst, 0, Limits.HASH_BYTES);
    }

    /** The subject as a String (the one allocation a session-hit check makes). */
    public String subject() {
        return new String(buffer.byteArray(), SUBJECT_OFFSET, subjectLength(), StandardCharsets.UTF_8);
    }

    public SessionRecord expiresAtMs(long value) {
        buffer.putLong(EXPIRES_AT_OFFSET, value, ORDER);
        return this;
    }

    public SessionRecord lastTouchedAtMs(long value) {
        buffer.putLong(LAST_TOUCHED_AT_OFFSET, value, ORDER);
        return this;
    }

    /** Marks the session revoked at {@code atMs} for {@code reason}. */
    public SessionRecord revoke(long atMs, int reason) {
        buffer.putByte(FLAGS_OFFSET, (byte) (flags() | FLAG_REVOKED));
        buffer.putByte(REASON_OFFSET, (byte) reason);
        buffer.putLong(REVOKED_AT_OFFSET, atMs, ORDER);
        return this;
    }

    /** A new row for a created session. */
    public static byte[] encode(byte[] subjectUtf8, byte[] subjectHash, long createdAtMs, long expiresAtMs, long ttlMs) {
        if (subjectUtf8.length > Limits.MAX_SUBJECT_BYTES || subjectHash.length != Limits.HASH_BYTES) {
            throw new IllegalArgumentException("subject of " + subjectUtf8.length + " bytes or hash of " + subjectHash.length);
        }
        byte[] row = new byte[FIXED_BYTES + subjectUtf8.length];
        UnsafeBuffer b = new UnsafeBuffer(row);
        b.putByte(VERSION_OFFSET, VERSION);
        b.putShort(SUBJECT_LENGTH_OFFSET, (short) subjectUtf8.length, ORDER);
        b.putLong(CREATED_AT_OFFSET, createdAtMs, ORDER);
        b.putLong(EXPIRES_AT_OFFSET, expiresAtMs, ORDER);
        b.putLong(LAST_TOUCHED_AT_OFFSET, createdAtMs, ORDER);
        b.putLong(TTL_OFFSET, ttlMs, ORDER);
        b.putBytes(SUBJECT_HASH_OFFSET, subjectHash);
        b.putBytes(SUBJECT_OFFSET, subjectUtf8);
        return row;
    }

    /** Null when {@code bytes[0..length)} is a well-formed row, else what is wrong (snapshot loading). */
    public static String problem(byte[] bytes, int length) {
        if (length < FIXED_BYTES || length > MAX_BYTES) {
            return "session row of " + length + " bytes";
        }
        SessionRecord r = new SessionRecord().wrap(bytes, length);
        if (r.version() != VERSION) {
            return "session row version " + r.version();
        }
        if (FIXED_BYTES + r.subjectLength() != length) {
            return "session row subject length " + r.subjectLength() + " does not match row length " + length;
        }
        return null;
    }
}
