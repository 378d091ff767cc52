package io.bulwark.state.record;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Codec of a {@code requests} row: the remembered outcome of a write that carried a request id
 * (key: SHA-256(actor || 0x00 || request id)).
 *
 * <pre>
 *  0 u8  format version (1)   1 u8 ResultCode number   2 u16 command kind (Command.body field number)
 *  4..7 reserved              8 i64 appliedIndex        16 i64 expiresAtMs
 * </pre>
 */
public final class RequestRecord {
    public static final byte VERSION = 1;
    public static final int BYTES = 24;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int VERSION_OFFSET = 0;
    private static final int RESULT_CODE_OFFSET = 1;
    private static final int COMMAND_KIND_OFFSET = 2;
    private static final int APPLIED_INDEX_OFFSET = 8;
    private static final int EXPIRES_AT_OFFSET = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

    public RequestRecord wrap(byte[] bytes) {
        buffer.wrap(bytes, 0, BYTES);
        return this;
    }

    public int version() {
        return buffer.getByte(VERSION_OFFSET);
    }

    public int resultCode() {
        return buffer.getByte(RESULT_CODE_OFFSET) & 0xFF;
    }

    public int commandKind() {
        return buffer.getShort(COMMAND_KIND_OFFSET, ORDER) & 0xFFFF;
    }

    public long appliedIndex() {
        return buffer.getLong(APPLIED_INDEX_OFFSET, ORDER);
    }

    public long expiresAtMs() {
        return buffer.getLong(EXPIRES_AT_OFFSET, ORDER);
    }

    public static byte[] encode(int resultCode, int commandKind, long appliedIndex, long expiresAtMs) {
        byte[] row = new byte[BYTES];
        UnsafeBuffer b = new UnsafeBuffer(row);
        b.putByte(VERSION_OFFSET, VERSION);
        b.putByte(RESULT_CODE_OFFSET, (byte) resultCode);
        b.putShort(COMMAND_KIND_OFFSET, (short) commandKind, ORDER);
        b.putLong(APPLIED_INDEX_OFFSET, appliedIndex, ORDER);
        b.putLong(EXPIRES_AT_OFFSET, expiresAtMs, ORDER);
        return row;
    }

    public static String problem(byte[] bytes, int length) {
        if (length != BYTES) {
            return "request row of " + length + " bytes";
        }
        return bytes[VERSION_OFFSET] == VERSION ? null : "request row version " + bytes[VERSION_OFFSET];
    }
}
