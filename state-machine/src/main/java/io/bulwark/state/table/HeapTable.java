package io.bulwark.state.table;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A small replicated table kept on the heap, for rows too few and too large for Chronicle Map
 * (bundle versions carry whole signed bundles). Keys are ordered as unsigned bytes, the order
 * snapshots and the digest use. Written by the apply thread only; readers may iterate
 * concurrently and see each row whole. Callers hand over value arrays and must not change them
 * afterwards.
 */
public final class HeapTable {
    private final String name;
    private final int keyBytes;
    private final ConcurrentSkipListMap<byte[], byte[]> rows = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    public HeapTable(String name, int keyBytes) {
        this.name = name;
        this.keyBytes = keyBytes;
    }

    public String name() {
        return name;
    }

    public int keyBytes() {
        return keyBytes;
    }

    public long rows() {
        return rows.size();
    }

    /** The value under {@code key}, or null. The array is shared: do not modify it. */
    public byte[] get(byte[] key) {
        return rows.get(key);
    }

    public void put(byte[] key, byte[] value) {
        if (key.length != keyBytes) {
            throw new IllegalArgumentException("table " + name + ": key of " + key.length + " bytes");
        }
        rows.put(key, value);
    }

    public void remove(byte[] key) {
        rows.remove(key);
    }

    public void clear() {
        rows.clear();
    }

    /** Rows in ascending key order (a weakly consistent view when apply runs concurrently). */
    public Iterable<Map.Entry<byte[], byte[]>> ascending() {
        return rows.entrySet();
    }

    /** Rows in descending key order. */
    public Iterable<Map.Entry<byte[], byte[]>> descending() {
        return rows.descendingMap().entrySet();
    }

    /** An 8-byte big-endian key: unsigned byte order equals numeric order for non-negative values. */
    public static byte[] longKey(long value) {
        byte[] k = new byte[8];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (value >>> (56 - 8 * i));
        }
        return k;
    }

    /** Inverse of {@link #longKey}. */
    public static long keyLong(byte[] key) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (key[i] & 0xFF);
        }
        return v;
    }
}
