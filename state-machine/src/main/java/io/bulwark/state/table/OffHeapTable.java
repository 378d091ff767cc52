package io.bulwark.state.table;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.RandomDataInput;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapAbsentEntry;
import net.openhft.chronicle.map.MapEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One table: constant-size keys to binary value records, off-heap in a Chronicle Map.
 *
 * <p>The configured {@link #capacity()} is enforced by callers through {@link #isFull()}, from
 * the row count this class keeps; Chronicle itself is sized with headroom above it, so a
 * write that the capacity admits never fails inside Chronicle.
 *
 * <p>Writes ({@link #put}, {@link #remove}, {@link #clear}, {@link #purgeExpired}) come from one
 * thread at a time. {@link #read} is safe from any thread and allocates nothing.
 *
 * <p>A table whose rows expire is given an {@link ExpiryReader}; it then keeps an
 * {@link #expiryFloor()}, a time no row expires before, so that a purge which can find nothing
 * skips the scan of every row (measured: a purge every 10 s was a fifth of a follower's apply
 * thread at ≈ 650k rows, and apply waits while it scans; docs/PERFORMANCE.md, "Write path").
 *
 * <p>{@link #beginCapture} freezes a view of the rows for a snapshot that another thread reads
 * while writes go on (see {@link TableCapture}).
 */
public final class OffHeapTable implements AutoCloseable {
    private final String name;
    private final int keyBytes;
    private final int maxValueBytes;
    private final long capacity;
    private final ChronicleMap<byte[], byte[]> map;
    private volatile long rows;
    private final ExpiryReader expiry;
    /** Every row's expiry is at or after this (Long.MAX_VALUE: no row). Writer thread only. */
    private long expiryFloor = Long.MAX_VALUE;
    /** The capture being read, if any: writes save the rows it still needs. */
    private volatile TableCapture capture;
    /**
     * Scratch copies of the key and value being written, with Chronicle views over them: Chronicle's
     * {@code queryContext(byte[])} and {@code wrapValueAsData(byte[])} each wrap the array in a new
     * reference-counted store (≈ 250 B with its listener list), a quarter of a leader's allocation
     * under revokes (JFR). Writer thread only, like {@link #expiryFloor}.
     */
    private final TableKey writeKey;
    private final byte[] writeValue;
    private final BytesStore<?, ?> writeValueStore;
    /** A key view per thread for lookups by {@code byte[]} (any thread may read). */
    private final ThreadLocal<TableKey> readKeys;

    /** Reads a row's expiry time (epoch ms) from its value, as the table's purge judges it. */
    @FunctionalInterface
    public interface ExpiryReader {
        long expiresAtMs(byte[] value, int length);
    }

    /**
     * @param name              table name (used in snapshots, digests and TABLE_FULL details)
     * @param keyBytes          exact key length
     * @param capacity          most rows the table admits
     * @param averageValueBytes typical value size, for Chronicle's chunk sizing
     * @param maxValueBytes     largest value a row may hold (readers size their buffers by it)
     */
    public OffHeapTable(String name, int keyBytes, long capacity, int averageValueBytes, int maxValueBytes) {
        this(name, keyBytes, capacity, averageValueBytes, maxValueBytes, null);
    }

    /** As above, for a table whose rows expire: {@code expiry} reads a row's expiry for {@link #purgeExpired}. */
    public OffHeapTable(String name, int keyBytes, long capacity, int averageValueBytes, int maxValueBytes,
                        ExpiryReader expiry) {
        this.expiry = expiry;
        this.name = name;
        this.keyBytes = keyBytes;
        this.capacity = capacity;
        this.maxValueBytes = maxValueBytes;
        this.writeKey = new TableKey(keyBytes);
        this.writeValue = new byte[maxValueBytes];
        this.writeValueStore = BytesStore.wrap(writeValue);
        this.readKeys = ThreadLocal.withInitial(() -> new TableKey(keyBytes));
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
        return read(readKey(key), dst);
    }

    /** {@link #read(byte[], byte[])} without allocating: for the check path. */
    public int read(TableKey key, byte[] dst) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key.store(), 0, key.bytes().length)) {
            return copyValue(c, dst);
        }
    }

    /** True when {@code key} has a row. */
    public boolean contains(byte[] key) {
        return contains(readKey(key));
    }

    /** This thread's key view holding a copy of {@code key}. */
    private TableKey readKey(byte[] key) {
        requireKey(key);
        final TableKey k = readKeys.get();
        System.arraycopy(key, 0, k.bytes(), 0, keyBytes);
        return k;
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
        // Read before writing: a value the table's record cannot hold fails here, leaving the table as it was.
        final long expiresAtMs = expiry == null ? Long.MAX_VALUE : expiry.expiresAtMs(value, value.length);
        final TableCapture cap = capture;
        if (cap != null) {
            cap.lock();
        }
        System.arraycopy(key, 0, writeKey.bytes(), 0, keyBytes);
        System.arraycopy(value, 0, writeValue, 0, value.length);
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(writeKey.store(), 0, keyBytes)) {
            c.updateLock().lock();
            MapEntry<byte[], byte[]> entry = c.entry();
            if (cap != null) {
                cap.beforeWrite(c.segmentIndex(), key, entry);
            }
            if (entry != null) {
                c.replaceValue(entry, c.wrapValueBytesAsData(writeValueStore, 0, value.length));
                expiryFloor = Math.min(expiryFloor, expiresAtMs);
                return false;
            }
            MapAbsentEntry<byte[], byte[]> absent = c.absentEntry();
            c.insert(absent, c.wrapValueBytesAsData(writeValueStore, 0, value.length));
            rows++;
            expiryFloor = Math.min(expiryFloor, expiresAtMs);
            return true;
        } finally {
            if (cap != null) {
                cap.unlock();
            }
        }
    }

    /**
     * A time no row of this table expires before: a lower bound (removing rows leaves it lower than
     * it could be), exact after {@link #purgeExpired}. Long.MAX_VALUE when no row was written since.
     * Only for tables given an {@link ExpiryReader}.
     */
    public long expiryFloor() {
        requireExpiry();
        return expiryFloor;
    }

    /**
     * Removes every row whose expiry is at or before {@code upToMs}, calling {@code beforeRemove}
     * with each such row's key and value first (scratch buffers, valid during the call). The keys
     * are collected by one scan and then removed, so the outcome does not depend on Chronicle's
     * iteration order. When {@link #expiryFloor()} is after {@code upToMs} no row can qualify and
     * nothing is scanned: the outcome (nothing removed) is the one a scan would give, so replicas
     * whose floors differ (one loaded a snapshot, one applied the log) still agree.
     *
     * @return rows removed
     */
    public long purgeExpired(long upToMs, RowVisitor beforeRemove) throws IOException {
        requireExpiry();
        if (expiryFloor > upToMs) {
            return 0;
        }
        List<byte[]> expired = new ArrayList<>();
        long[] survivorsFloor = {Long.MAX_VALUE};
        scan((key, value, length) -> {
            long expiresAt = expiry.expiresAtMs(value, length);
            if (expiresAt <= upToMs) {
                expired.add(key.clone());
            } else if (expiresAt < survivorsFloor[0]) {
                survivorsFloor[0] = expiresAt;
            }
        });
        byte[] value = new byte[maxValueBytes];
        for (byte[] key : expired) {
            int length = read(key, value);
            beforeRemove.row(key, value, length);
            remove(key);
        }
        expiryFloor = survivorsFloor[0];
        return expired.size();
    }

    private void requireExpiry() {
        if (expiry == null) {
            throw new IllegalStateException("table " + name + " has no expiry reader");
        }
    }

    /** Removes the row of {@code key}; returns true when there was one. */
    public boolean remove(byte[] key) {
        requireKey(key);
        final TableCapture cap = capture;
        if (cap != null) {
            cap.lock();
        }
        System.arraycopy(key, 0, writeKey.bytes(), 0, keyBytes);
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(writeKey.store(), 0, keyBytes)) {
            c.updateLock().lock();
            MapEntry<byte[], byte[]> entry = c.entry();
            if (entry == null) {
                return false;
            }
            if (cap != null) {
                cap.beforeWrite(c.segmentIndex(), key, entry);
            }
            c.remove(entry);
            rows--;
            return true;
        } finally {
            if (cap != null) {
                cap.unlock();
            }
        }
    }

    /**
     * Starts a capture of the rows as they are now, for a reader on another thread (a snapshot).
     * Call it from the writer thread, or with writes paused, so that "now" is a point between writes.
     * One capture at a time; it ends when scanned or closed.
     *
     * @throws IllegalStateException when a capture is still open
     */
    public TableCapture beginCapture() {
        if (capture != null) {
            throw new IllegalStateException("table " + name + " already has an open capture");
        }
        TableCapture c = new TableCapture(this, map, rows);
        capture = c;
        return c;
    }

    /** Called by {@code c} when it ends, under its lock. */
    void endCapture(TableCapture c) {
        if (capture == c) {
            capture = null;
        }
    }

    /** Removes every row; close an open capture first. */
    public void clear() {
        if (capture != null) {
            throw new IllegalStateException("table " + name + " cannot be cleared while a capture is open");
        }
        map.clear();
        rows = 0;
        expiryFloor = Long.MAX_VALUE;
    }

    /** Receives one row during {@link #scan}. */
    @FunctionalInterface
    public interface RowVisitor {
        /**
         * @param key    the row's key, {@link #keyBytes()} long
         * @param value  the row's value in {@code value[0..length)}
         * @param length the value's length
         *               Both arrays are scratch buffers reused for the next row: copy what must outlive the call.
         */
        void row(byte[] key, byte[] value, int length) throws IOException;
    }

    /**
     * Visits every row in Chronicle's iteration order, which depends on the keys' hashes, the
     * table's capacity and its history of inserts and removals: callers must not depend on it.
     * Each row is copied into two scratch buffers reused for every row, so a scan of any size
     * allocates a fixed amount of heap (snapshots and digests of millions of rows rely on this).
     * Chronicle holds each segment's lock while its rows are visited; the caller pauses writes.
     *
     * @return rows visited
     * @throws IOException what {@code visitor} threw
     */
    public long scan(RowVisitor visitor) throws IOException {
        byte[] key = new byte[keyBytes];
        byte[] value = new byte[maxValueBytes];
        long[] visited = new long[1];
        try {
            map.forEachEntry(e -> {
                Data<byte[]> k = e.key();
                k.bytes().read(k.offset(), key, 0, keyBytes);
                Data<byte[]> v = e.value();
                int length = (int) v.size();
                v.bytes().read(v.offset(), value, 0, length);
                try {
                    visitor.row(key, value, length);
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
                visited[0]++;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return visited[0];
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
