package io.bulwark.state.record;

import io.bulwark.state.validate.Limits;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Codec of a {@code subject_index} row: the session hashes of one subject (key: SHA-256 of the
 * subject), kept sorted so the row's bytes depend only on the set of sessions, never on the
 * order they were created or purged in.
 *
 * <pre>
 *  0 u8  format version (1)   1 u8 reserved   2 u16 count   4..7 reserved
 *  8 count x 32B session hashes, ascending unsigned
 * </pre>
 */
public final class SubjectIndexRecord {
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 8;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int COUNT_OFFSET = 2;

    private SubjectIndexRecord() {
    }

    /** Largest row for a subject bound of {@code maxSessions}. */
    public static int maxBytes(int maxSessions) {
        return HEADER_BYTES + maxSessions * Limits.HASH_BYTES;
    }

    /** Sessions listed in {@code row} (0 for null). */
    public static int count(byte[] row) {
        return row == null ? 0 : new UnsafeBuffer(row).getShort(COUNT_OFFSET, ORDER) & 0xFFFF;
    }

    /** Number of sessions a row of {@code length} bytes holds, from its header. */
    public static int count(byte[] row, int length) {
        return length < HEADER_BYTES ? 0 : ((row[COUNT_OFFSET] & 0xFF) | (row[COUNT_OFFSET + 1] & 0xFF) << 8);
    }

    /** Copies the i-th session hash into {@code dst[0..32)}. */
    public static void sessionHash(byte[] row, int i, byte[] dst) {
        System.arraycopy(row, HEADER_BYTES + i * Limits.HASH_BYTES, dst, 0, Limits.HASH_BYTES);
    }

    /** A row listing {@code hashes} (any order; stored sorted and without duplicates). */
    public static byte[] encode(byte[][] hashes) {
        byte[][] sorted = hashes.clone();
        Arrays.sort(sorted, Arrays::compareUnsigned);
        int unique = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || !Arrays.equals(sorted[i], sorted[i - 1])) {
                sorted[unique++] = sorted[i];
            }
        }
        byte[] row = new byte[HEADER_BYTES + unique * Limits.HASH_BYTES];
        UnsafeBuffer b = new UnsafeBuffer(row);
        b.putByte(0, VERSION);
        b.putShort(COUNT_OFFSET, (short) unique, ORDER);
        for (int i = 0; i < unique; i++) {
            b.putBytes(HEADER_BYTES + i * Limits.HASH_BYTES, sorted[i]);
        }
        return row;
    }

    /** The hashes listed in {@code row}. */
    public static byte[][] decode(byte[] row) {
        int n = count(row);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(row, HEADER_BYTES + i * Limits.HASH_BYTES, HEADER_BYTES + (i + 1) * Limits.HASH_BYTES);
        }
        return out;
    }

    /** {@code row} (may be null) plus {@code hash}. */
    public static byte[] with(byte[] row, byte[] hash) {
        byte[][] old = row == null ? new byte[0][] : decode(row);
        byte[][] all = Arrays.copyOf(old, old.length + 1);
        all[old.length] = hash;
        return encode(all);
    }

    /** {@code row} without the hashes in {@code remove}; null when nothing is left. */
    public static byte[] without(byte[] row, byte[][] remove) {
        byte[][] old = decode(row);
        byte[][] kept = new byte[old.length][];
        int n = 0;
        for (byte[] h : old) {
            boolean drop = false;
            for (byte[] r : remove) {
                if (Arrays.equals(h, r)) {
                    drop = true;
                    break;
                }
            }
            if (!drop) {
                kept[n++] = h;
            }
        }
        return n == 0 ? null : encode(Arrays.copyOf(kept, n));
    }
}
