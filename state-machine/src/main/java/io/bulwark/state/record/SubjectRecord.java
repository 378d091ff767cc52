package io.bulwark.state.record;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Codec of a {@code subjects} row: a subject's not-before cut-off (key: SHA-256 of the subject).
 * Credentials of the subject issued (or sessions created) before {@code notBeforeMs} are revoked.
 *
 * <pre>
 *  0 u8  format version (1)   1 u8 revocation reason   2..7 reserved
 *  8 i64 notBeforeMs         16 i64 revokedAtMs         24 i64 expiresAtMs
 * </pre>
 */
public final class SubjectRecord {
    public static final byte VERSION = 1;
    public static final int BYTES = 32;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_OFFSET = 0;
    private static final int REASON_OFFSET = 1;
    private static final int NOT_BEFORE_OFFSET = 8;
    private static final int REVOKED_AT_OFFSET = 16;
    private static final int EXPIRES_AT_OFFSET = 24;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    public SubjectRecord wrap(byte[] bytes) {
        buffer.wrap(bytes, 0, BYTES);
        return this;
    }

    public int version() {
        return buffer.getByte(VERSION_OFFSET);
    }

    public int reason() {
        return buffer.getByte(REASON_OFFSET) & 0xFF;
    }

    public long notBeforeMs() {
        return buffer.getLong(NOT_BEFORE_OFFSET, ORDER);
    }

    public long revokedAtMs() {
        return buffer.getLong(REVOKED_AT_OFFSET, ORDER);
    }

    public long expiresAtMs() {
        return buffer.getLong(EXPIRES_AT_OFFSET, ORDER);
    }

    public static byte[] encode(long notBeforeMs, long revokedAtMs, long expiresAtMs, int reason) {
        byte[] row = new byte[BYTES];
        UnsafeBuffer b = new UnsafeBuffer(row);
        b.putByte(VERSION_OFFSET, VERSION);
        b.putByte(REASON_OFFSET, (byte) reason);
        b.putLong(NOT_BEFORE_OFFSET, notBeforeMs, ORDER);
        b.putLong(REVOKED_AT_OFFSET, revokedAtMs, ORDER);
        b.putLong(EXPIRES_AT_OFFSET, expiresAtMs, ORDER);
        return row;
    }

    public static String problem(byte[] bytes, int length) {
        if (length != BYTES) {
            return "subject row of " + length + " bytes";
        }
        return bytes[VERSION_OFFSET] == VERSION ? null : "subject row version " + bytes[VERSION_OFFSET];
    }
}
