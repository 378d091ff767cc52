package io.bulwark.state.table;

import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapAbsentEntry;
import net.openhft.chronicle.map.MapEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * One table: constant-size keys to binary value records, off-heap in a Chronicle Map.
 *
 * <p>The configured {@link #capacity()} is enforced by callers through {@link #isFull()}, from
 * the row count this class keeps; Chronicle itself is sized with headroom above it, so a
 * write that the capacity admits never fails inside Chronicle.
 *
 * <p>Writes ({@link #put}, {@link #remove}, {@link #clear}) come from one thread at a time.
 * {@link #read} is safe from any thread and allocates nothing.
 */
public final class OffHeapTable implements AutoCloseable {
    private final String name;
    private final int keyBytes;
    private final int maxValueBytes;
    private final long capacity;
    private final ChronicleMap<byte[], byte[]> map;
    private volatile long rows;

    /**
     * @param name              table name (used in snapshots, digests and TABLE_FULL details)
     * @param keyBytes          exact key length
     * @param capacity          most rows the table admits
     * @param averageValueBytes typical value size, for Chronicle's chunk sizing
     * @param maxValueBytes     largest value a row may hold (readers size their buffers by it)
     */
    public OffHeapTable(String name, int keyBytes, long capacity, int averageValueBytes, int maxValueBytes) {
        this.name = name;
        this.keyBytes = keyBytes;
        this.capacity = capacity;
        this.maxValueBytes = maxValueBytes;
        this.map = ChronicleMap.of(byte[].class, byte[].class)
                .name(name)
                .constantKeySizeBySample(new byte[keyBytes])
                .averageValueSize(averageValueBytes)
                .entries(chronicleEntries(capacity))
                // Values larger than the average (a subject's index) take extra chunks/tiers.
                .maxBloatFactor(4.0)
                .create();
    }

    /** Chronicle entries for a capacity: 25% headroom, at least 1024 spare, so Chronicle never refuses first. */
    static long chronicleEntries(long capacity) {
        return Math.max(capacity + capacity / 4, capacity + 1024);
    }

    public String name() {
        return name;
    }

    public int keyBytes() {
        return keyBytes;
    }

    public int maxValueBytes() {
        return maxValueBytes;
    }

    public long capacity() {
        return capacity;
    }

    /** Rows held now. */
    public long rows() {
        return rows;
    }

    /** True when another insert would exceed the configured capacity. */
    public boolean isFull() {
        return rows >= capacity;
    }

    /**
     * Copies the value of {@code key} into {@code dst} (at least {@link #maxValueBytes()} long).
     * @return the value's length, or -1 when the key is absent
     */
    public int read(byte[] key, byte[] dst) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            return copyValue(c, dst);
        }
    }

    /** {@link #read(byte[], byte[])} without allocating: for the check path. */
    public int read(TableKey key, byte[] dst) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key.store(), 0, key.bytes().length)) {
            return copyValue(c, dst);
        }
    }

    /** True when {@code key} has a row. */
    public boolean contains(byte[] key) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            c.readLock().lock();
            return c.entry() != null;
        }
    }

    /** {@link #contains(byte[])} without allocating: for the check path. */
    public boolean contains(TableKey key) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key.store(), 0, key.bytes().length)) {
            c.readLock().lock();
            return c.entry() != null;
        }
    }

    private int copyValue(ExternalMapQueryContext<byte[], byte[], ?> c, byte[] dst) {
        c.readLock().lock();
        MapEntry<byte[], byte[]> entry = c.entry();
        if (entry == null) {
            return -1;
        }
        Data<byte[]> value = entry.value();
        long size = value.size();
        if (size > dst.length) {
            throw new IllegalStateException("table " + name + " holds a " + size + "-byte value, more than " + dst.length);
        }
        RandomDataInput bytes = value.bytes();
        bytes.read(value.offset(), dst, 0, (int) size);
        return (int) size;
    }

    /**
     * Inserts or replaces the row of {@code key}; callers check {@link #isFull()} before an insert.
     * @return true when the row is new
     */
    public boolean put(byte[] key, byte[] value) {
        requireKey(key);
        if (value.length > maxValueBytes) {
            throw new IllegalArgumentException("table " + name + ": value of " + value.length + " bytes exceeds " + maxValueBytes);
        }
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            c.updateLock().lock();
            MapEntry<byte[], byte[]> entry = c.entry();
            if (entry != null) {
                c.replaceValue(entry, c.wrapValueAsData(value));
                return false;
            }
            MapAbsentEntry<byte[], byte[]> absent = c.absentEntry();
            c.insert(absent, c.wrapValueAsData(value));
            rows++;
            return true;
        }
    }

    /** Removes the row of {@code key}; returns true when there was one. */
    public boolean remove(byte[] key) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            c.updateLock().lock();
            MapEntry<byte[], byte[]> entry = c.entry();
            if (entry == null) {
                return false;
            }
            c.remove(entry);
            rows--;
            return true;
        }
    }

    /** Removes every row. */
    public void clear() {
        map.clear();
        rows = 0;
    }

    /**
     * Visits every row in Chronicle's (unspecified) order with copies of key and value. Callers
     * must not depend on the order; purge collects what qualifies and then acts on the set.
     */
    public void forEachRow(BiConsumer<byte[], byte[]> visitor) {
        map.forEachEntry(e -> visitor.accept(copy(e.key()), copy(e.value())));
    }

    /** A test of one row's value, given in a scratch buffer valid only during the call. */
    @FunctionalInterface
    public interface RowTest {
        boolean matches(byte[] value, int length);
    }

    /**
     * Keys of the rows whose value passes {@code test}, in no particular order. Only matching
     * keys are copied out, so a scan where little qualifies (a periodic purge) allocates little.
     */
    public List<byte[]> keysWhere(RowTest test) {
        byte[] scratch = new byte[maxValueBytes];
        List<byte[]> keys = new ArrayList<>();
        map.forEachEntry(e -> {
            Data<byte[]> value = e.value();
            int length = (int) value.size();
            value.bytes().read(value.offset(), scratch, 0, length);
            if (test.matches(scratch, length)) {
                keys.add(copy(e.key()));
            }
        });
        return keys;
    }

    /**
     * Copies of every row, sorted by ascending unsigned key. One sequential pass over Chronicle's
     * memory and an in-heap sort: about twice as fast as sorting the keys and looking each one up
     * again (measured), which matters because the caller holds apply off meanwhile. Costs heap
     * for one table's rows; call it from snapshot and digest paths only.
     */
    public Row[] sortedRows() {
        List<Row> rowList = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, rows));
        map.forEachEntry(e -> rowList.add(new Row(copy(e.key()), copy(e.value()))));
        Row[] sorted = rowList.toArray(new Row[0]);
        Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        return sorted;
    }

    /** One row's key and value, copied out of the table. */
    public record Row(byte[] key, byte[] value) {
    }

    /**
     * A fresh array holding {@code data}'s bytes. {@code Data.get()} may hand back an instance
     * Chronicle reuses for the next entry, so rows kept beyond the callback are copied.
     */
    private static byte[] copy(Data<byte[]> data) {
        byte[] out = new byte[(int) data.size()];
        data.bytes().read(data.offset(), out, 0, out.length);
        return out;
    }

    /** Bytes of native memory Chronicle holds for this table. */
    public long offHeapBytes() {
        return map.offHeapMemoryUsed();
    }

    private void requireKey(byte[] key) {
        if (key.length != keyBytes) {
            throw new IllegalArgumentException("table " + name + " keys are " + keyBytes + " bytes, got " + key.length);
        }
    }

    @Override
    public void close() {
        map.close();
    }
}
