package io.bulwark.state.snapshot;

import io.bulwark.state.table.HeapTable;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.validate.Hashes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * SHA-256 over every table (the subject index included) in a fixed table order and ascending
 * key order: per table its name, a 0 byte and its row count (8 bytes, big-endian), then per row
 * the key, the value length (4 bytes, big-endian) and the value. Replicas with equal state have
 * equal digests, whatever Chronicle's internal layout.
 */
public final class StateDigest {
    private final MessageDigest sha256 = Hashes.newSha256();
    private final byte[] scratch = new byte[8];

    /** The digest of {@code tables} now (apply paused). */
    public static byte[] compute(StateTables tables) {
        StateDigest d = new StateDigest();
        try {
            for (OffHeapTable t : tables.all()) {
                d.beginTable(t.name(), t.rows());
                TableScan.scan(t, d::row);
            }
            d.bundleTables(tables);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // digesting writes nowhere: cannot happen
        }
        return d.finish();
    }

    /**
     * The bundle tables, after the off-heap ones. Omitted while all are empty, so a state without
     * bundles keeps the digest earlier builds computed (their snapshots still verify).
     */
    void bundleTables(StateTables tables) {
        long total = 0;
        for (HeapTable t : tables.bundles().tables()) {
            total += t.rows();
        }
        if (total == 0) {
            return;
        }
        for (HeapTable t : tables.bundles().tables()) {
            beginTable(t.name(), t.rows());
            for (var row : t.ascending()) {
                row(row.getKey(), row.getValue(), row.getValue().length);
            }
        }
    }

    void beginTable(String name, long rows) {
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        putLong(rows);
    }

    void row(byte[] key, byte[] value, int length) {
        sha256.update(key);
        scratch[0] = (byte) (length >>> 24);
        scratch[1] = (byte) (length >>> 16);
        scratch[2] = (byte) (length >>> 8);
        scratch[3] = (byte) length;
        sha256.update(scratch, 0, 4);
        sha256.update(value, 0, length);
    }

    byte[] finish() {
        return sha256.digest();
    }

    private void putLong(long v) {
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (v >>> (56 - 8 * i));
        }
        sha256.update(scratch, 0, 8);
    }
}
