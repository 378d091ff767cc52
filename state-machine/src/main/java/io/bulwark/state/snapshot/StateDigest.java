package io.bulwark.state.snapshot;

import io.bulwark.state.table.HeapTable;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.validate.Hashes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The state digest: equal on replicas with equal state, whatever order their rows were inserted
 * in and whatever Chronicle's layout, and computed in one pass over each table in any order.
 *
 * <p>What is hashed, exactly (integers big-endian, names UTF-8):
 * <ol>
 *   <li>per row: {@code h = SHA-256(table name || 0x00 || key || value length (4 bytes) || value)};</li>
 *   <li>per table: {@code acc = sum of h over the table's rows, mod 2^256}, each {@code h} read as an
 *       unsigned 256-bit integer (a multiset hash in the manner of Bellare and Micciancio's AdHash:
 *       addition commutes, so the visiting order does not matter);</li>
 *   <li>the digest: {@code SHA-256("BWDIGEST2" || for each table in fixed order: name || 0x00 ||
 *       row count (8 bytes) || acc (32 bytes))}. The order is {@link StateTables#all()} (the
 *       subject index included) and then the bundle tables, empty ones too.</li>
 * </ol>
 *
 * <p>Why this shape: a digest over rows in key order needs the rows sorted, and sorting a table
 * of millions of rows costs heap in proportion to its rows (see {@link LegacyStateDigest}, kept
 * only to verify snapshots of format versions 1 and 2). This one needs one {@link MessageDigest},
 * a 32-byte scratch and eight accumulator limbs: no allocation per row, so the heap a snapshot or
 * a {@code GetStateDigest} needs does not grow with the tables.
 *
 * <p>What it is for: telling whether two replicas (or a replica and a snapshot) hold the same
 * state, against faults and bugs, not against an adversary. A sum of hashes modulo 2^256 is much
 * weaker than SHA-256 against someone choosing rows on purpose (generalised-birthday attacks find
 * colliding multisets far below 2^128 work), and nothing here is keyed. Snapshot files are guarded
 * against corruption by their CRC-32C as well; their authenticity rests on the Raft transport and
 * the node's storage, not on this digest.
 *
 * <p>Not thread-safe: one instance per computation; callers pause apply meanwhile.
 */
public final class StateDigest {
    private static final byte[] DOMAIN = "BWDIGEST2".getBytes(StandardCharsets.US_ASCII);
    private static final int LIMBS = 8;

    private final MessageDigest rowHash = Hashes.newSha256();
    private final MessageDigest outer = Hashes.newSha256();
    private final byte[] hash = new byte[32];
    private final byte[] scratch = new byte[8];
    /** The open table's sum, 32-bit limbs in longs, least significant limb first. */
    private final long[] acc = new long[LIMBS];
    private byte[] tableName;
    private long tableRows;

    public StateDigest() {
        outer.update(DOMAIN);
    }

    /** The digest of {@code tables} now (apply paused). Allocates nothing per row. */
    public static byte[] compute(StateTables tables) {
        StateDigest d = new StateDigest();
        try {
            for (OffHeapTable t : tables.all()) {
                d.beginTable(t.name(), t.rows());
                t.scan(d::row);
                d.endTable();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // digesting writes nowhere: cannot happen
        }
        d.bundleTables(tables);
        return d.finish();
    }

    /** Folds in the bundle tables (heap, small), after the off-heap ones. */
    void bundleTables(StateTables tables) {
        for (HeapTable t : tables.bundles().tables()) {
            List<Map.Entry<byte[], byte[]>> rows = new ArrayList<>();
            t.ascending().forEach(rows::add);
            heapTable(t.name(), rows);
        }
    }

    /** Folds in one heap table, given its rows. */
    void heapTable(String name, List<Map.Entry<byte[], byte[]>> rows) {
        beginTable(name, rows.size());
        for (Map.Entry<byte[], byte[]> row : rows) {
            row(row.getKey(), row.getValue(), row.getValue().length);
        }
        endTable();
    }

    /** Opens a table of {@code rows} rows; its rows follow, in any order, then {@link #endTable()}. */
    void beginTable(String name, long rows) {
        if (tableName != null) {
            throw new IllegalStateException("table " + new String(tableName, StandardCharsets.UTF_8) + " still open");
        }
        tableName = name.getBytes(StandardCharsets.UTF_8);
        tableRows = rows;
        Arrays.fill(acc, 0);
    }

    /** Adds one row of the open table: its hash, as a 256-bit integer, to the table's sum. */
    void row(byte[] key, byte[] value, int length) {
        rowHash.update(tableName);
        rowHash.update((byte) 0);
        rowHash.update(key);
        scratch[0] = (byte) (length >>> 24);
        scratch[1] = (byte) (length >>> 16);
        scratch[2] = (byte) (length >>> 8);
        scratch[3] = (byte) length;
        rowHash.update(scratch, 0, 4);
        rowHash.update(value, 0, length);
        try {
            rowHash.digest(hash, 0, hash.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // 32 bytes always fit a SHA-256
        }
        long carry = 0;
        for (int i = 0; i < LIMBS; i++) {
            int at = hash.length - 4 * (i + 1);
            long limb = ((hash[at] & 0xFFL) << 24) | ((hash[at + 1] & 0xFFL) << 16) | ((hash[at + 2] & 0xFFL) << 8) | (hash[at + 3] & 0xFFL);
            long sum = acc[i] + limb + carry;
            acc[i] = sum & 0xFFFF_FFFFL;
            carry = sum >>> 32;
        }
        // The carry out of the top limb is dropped: arithmetic mod 2^256.
    }

    /** Closes the open table: folds its name, row count and sum into the digest. */
    void endTable() {
        outer.update(tableName);
        outer.update((byte) 0);
        putLong(tableRows);
        for (int i = LIMBS - 1; i >= 0; i--) {
            long limb = acc[i];
            scratch[0] = (byte) (limb >>> 24);
            scratch[1] = (byte) (limb >>> 16);
            scratch[2] = (byte) (limb >>> 8);
            scratch[3] = (byte) limb;
            outer.update(scratch, 0, 4);
        }
        tableName = null;
    }

    byte[] finish() {
        if (tableName != null) {
            throw new IllegalStateException("table " + new String(tableName, StandardCharsets.UTF_8) + " still open");
        }
        return outer.digest();
    }

    private void putLong(long v) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (v >>> (56 - 8 * i));
        }
        outer.update(scratch, 0, 8);
    }
}
