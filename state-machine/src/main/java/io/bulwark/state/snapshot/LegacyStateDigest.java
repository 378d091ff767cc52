package io.bulwark.state.snapshot;

import io.bulwark.state.table.HeapTable;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.validate.Hashes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state digest of snapshot format versions 1 and 2, kept only so a node upgraded in place can
 * verify the snapshot it already has: {@link SnapshotReader} uses it for those versions and
 * nothing else does. SHA-256 over every table (the subject index included) in a fixed table order
 * and ascending key order: per table its name, a 0 byte and its row count (8 bytes, big-endian),
 * then per row the key, the value length (4 bytes, big-endian) and the value; the bundle tables
 * follow the same way unless all of them are empty.
 *
 * <p>Key order needs every table's rows copied into the heap and sorted, one table at a time:
 * about 200 MB of heap per million rows, which is why the current format uses {@link StateDigest}
 * instead. Loading a large legacy snapshot therefore needs a heap to match, once.
 */
final class LegacyStateDigest {
    private final MessageDigest sha256 = Hashes.newSha256();
    private final byte[] scratch = new byte[8];

    private LegacyStateDigest() {
    }

    /** The legacy digest of {@code tables} now (apply paused). */
    static byte[] compute(StateTables tables) {
        LegacyStateDigest d = new LegacyStateDigest();
        for (OffHeapTable t : tables.all()) {
            d.beginTable(t.name(), t.rows());
            for (byte[][] row : sortedRows(t)) {
                d.row(row[0], row[1], row[1].length);
            }
        }
        long bundleRows = 0;
        for (HeapTable t : tables.bundles().tables()) {
            bundleRows += t.rows();
        }
        if (bundleRows > 0) {
            for (HeapTable t : tables.bundles().tables()) {
                d.beginTable(t.name(), t.rows());
                for (var row : t.ascending()) {
                    d.row(row.getKey(), row.getValue(), row.getValue().length);
                }
            }
        }
        return d.sha256.digest();
    }

    /** Copies of {@code table}'s rows as {key, value}, ascending by unsigned key. */
    private static List<byte[][]> sortedRows(OffHeapTable table) {
        List<byte[][]> rows = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, table.rows()));
        try {
            table.scan((key, value, length) -> rows.add(new byte[][]{key.clone(), Arrays.copyOf(value, length)}));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the visitor throws none
        }
        rows.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        return rows;
    }

    private void beginTable(String name, long rows) {
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        for (int i = 0; i < 8; i++) {
            scratch[i] = (byte) (rows >>> (56 - 8 * i));
        }
        sha256.update(scratch, 0, 8);
    }

    private void row(byte[] key, byte[] value, int length) {
        sha256.update(key);
        scratch[0] = (byte) (length >>> 24);
        scratch[1] = (byte) (length >>> 16);
        scratch[2] = (byte) (length >>> 8);
        scratch[3] = (byte) length;
        sha256.update(scratch, 0, 4);
        sha256.update(value, 0, length);
    }
}
