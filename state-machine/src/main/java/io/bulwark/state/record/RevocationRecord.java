package io.bulwark.state.record;

import io.bulwark.state.validate.Limits;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Codec of a {@code revocations} row and its key.
 *
 * <p>Key (33 bytes): the {@code RevocationKind} number, then the 32-byte credential hash, so
 * TOKEN, SESSION and API_KEY revocations share one table without colliding.
 *
 * <pre>
 *  0 u8  format version (1)   1 u8 revocation reason   2..7 reserved
 *  8 i64 revokedAtMs         16 i64 expiresAtMs (purged when &lt;= PurgeExpired.up_to_ms)
 * </pre>
 */
public final class RevocationRecord {
    public static final byte VERSION = 1;
    /** Row length (constant). */
    public static final int BYTES = 24;
    /** Key length: kind byte + hash. */
    public static final int KEY_BYTES = 1 + Limits.HASH_BYTES;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_OFFSET = 0;
    private static final int REASON_OFFSET = 1;
    private static final int REVOKED_AT_OFFSET = 8;
    private static final int EXPIRES_AT_OFFSET = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    /** Points this flyweight at {@code bytes[0..BYTES)}; allocates nothing. */
    public RevocationRecord wrap(byte[] bytes) {
        buffer.wrap(bytes, 0, BYTES);
        return this;
    }

    public int version() {
        return buffer.getByte(VERSION_OFFSET);
    }

    public int reason() {
        return buffer.getByte(REASON_OFFSET) & 0xFF;
    }

    public long revokedAtMs() {
        return buffer.getLong(REVOKED_AT_OFFSET, ORDER);
    }

    public long expiresAtMs() {
        return buffer.getLong(EXPIRES_AT_OFFSET, ORDER);
    }

    /** Writes the key of ({@code kind}, {@code hash}) into {@code dst[0..33)}; allocates nothing. */
    public static void key(int kind, byte[] hash, byte[] dst) {
        dst[0] = (byte) kind;
        System.arraycopy(hash, 0, dst, 1, Limits.HASH_BYTES);
    }

    public static byte[] encode(long revokedAtMs, long expiresAtMs, int reason) {
        byte[] row = new byte[BYTES];
        UnsafeBuffer b = new UnsafeBuffer(row);
        b.putByte(VERSION_OFFSET, VERSION);
        b.putByte(REASON_OFFSET, (byte) reason);
        b.putLong(REVOKED_AT_OFFSET, revokedAtMs, ORDER);
        b.putLong(EXPIRES_AT_OFFSET, expiresAtMs, ORDER);
        return row;
    }

    /** Null when the row is well-formed, else what is wrong (snapshot loading). */
    public static String problem(byte[] bytes, int length) {
        if (length != BYTES) {
            return "revocation row of " + length + " bytes";
        }
        return bytes[VERSION_OFFSET] == VERSION ? null : "revocation row version " + bytes[VERSION_OFFSET];
    }
}
