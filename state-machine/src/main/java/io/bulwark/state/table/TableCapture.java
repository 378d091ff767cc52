package io.bulwark.state.table;

import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A table's rows as they were when the capture began, read by another thread while the writer
 * goes on changing the table: the view a snapshot needs without stopping apply.
 *
 * <p>How it stays exact. The reader ({@link #scan}) walks Chronicle's segments in index order and
 * copies one segment at a time. Before the writer changes a row in a segment not copied yet, it
 * saves the row's value as it was at the capture (or that it had none), once per key. When the
 * reader copies that segment it skips the keys that were saved and emits their saved values
 * instead, so a row changed, inserted or removed since the capture appears as it was. A segment
 * already copied needs nothing saved. Both sides decide under one lock per capture: the writer
 * holds it from "is this segment copied yet" until its write is done, the reader while it copies
 * a segment. So the writer waits at most one segment's copy (tens of µs at a million rows), where
 * a snapshot that held apply off made it wait for the whole table (seconds; docs/PERFORMANCE.md).
 *
 * <p>Cost: heap for one value per key first changed during the capture, in a segment not yet
 * copied; nothing otherwise. Writes outside a capture take no lock.
 *
 * <p>Threads: {@link OffHeapTable} calls {@link #beforeWrite} from its one writer thread; one
 * other thread calls {@link #scan}, once; {@link #close} may come from any thread, and after it
 * returns the capture touches the table no more.
 */
public final class TableCapture implements AutoCloseable {
    /** The saved "value" of a key that had no row at the capture (compared by identity). */
    private static final byte[] ABSENT = new byte[0];

    private final OffHeapTable table;
    private final ChronicleMap<byte[], byte[]> map;
    private final long rows;
    private final int segments;
    private final ReentrantLock lock = new ReentrantLock();
    /** Per segment not yet copied: key to its value at the capture; null until a key is saved. Under lock. */
    private final Map<ByteBuffer, byte[]>[] saved;
    /** Segments below this were copied (or the capture ended): the writer saves nothing for them. Under lock. */
    private int copied;
    private boolean closed;
    private boolean scanned;
    private long savedKeys;

    @SuppressWarnings("unchecked")
    TableCapture(OffHeapTable table, ChronicleMap<byte[], byte[]> map, long rows) {
        this.table = table;
        this.map = map;
        this.rows = rows;
        this.segments = map.segments();
        this.saved = new Map[segments];
    }

    /** The table captured. */
    public String tableName() {
        return table.name();
    }

    /** Rows the table held at the capture: what {@link #scan} visits. */
    public long rows() {
        return rows;
    }

    /** Keys whose value was saved because the writer changed them before the reader got there. */
    public long savedKeys() {
        lock.lock();
        try {
            return savedKeys;
        } finally {
            lock.unlock();
        }
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * Called by the writer, holding {@link #lock()} and the row's Chronicle lock, before it changes
     * the row of {@code key} in {@code segment}; {@code current} is the row now, null when absent.
     */
    void beforeWrite(int segment, byte[] key, MapEntry<byte[], byte[]> current) {
        if (segment < copied) {
            return;
        }
        Map<ByteBuffer, byte[]> s = saved[segment];
        if (s == null) {
            s = new HashMap<>();
            saved[segment] = s;
        } else if (s.containsKey(ByteBuffer.wrap(key))) {
            return; // saved by an earlier write: that value is the one at the capture
        }
        byte[] before = ABSENT;
        if (current != null) {
            Data<byte[]> v = current.value();
            before = new byte[(int) v.size()];
            v.bytes().read(v.offset(), before, 0, before.length);
        }
        s.put(ByteBuffer.wrap(key.clone()), before);
        savedKeys++;
    }

    /**
     * Visits every row the table held at the capture, each once, in an order that depends on
     * Chronicle's layout; the writer may keep writing meanwhile. Scratch arrays are handed to the
     * visitor as by {@link OffHeapTable#scan}. May be called once.
     *
     * @return rows visited (equal to {@link #rows()})
     * @throws CancellationException when the capture was closed before the scan ended
     * @throws IOException           what {@code visitor} threw
     */
    public long scan(OffHeapTable.RowVisitor visitor) throws IOException {
        final byte[] key = new byte[table.keyBytes()];
        final byte[] value = new byte[table.maxValueBytes()];
        final SegmentCopy copy = new SegmentCopy(table.keyBytes());
        long visited = 0;
        try {
            for (int s = 0; s < segments; s++) {
                visited += scanSegment(s, copy, key, value, visitor);
            }
        } finally {
            close();
        }
        if (visited != rows) {
            throw new IllegalStateException("capture of table " + table.name() + " visited " + visited
                    + " rows, the table held " + rows);
        }
        return visited;
    }

    private long scanSegment(int s, SegmentCopy copy, byte[] key, byte[] value, OffHeapTable.RowVisitor visitor)
            throws IOException {
        final Map<ByteBuffer, byte[]> before;
        lock.lock();
        try {
            if (closed) {
                throw new CancellationException("capture of table " + table.name() + " was closed");
            }
            if (s == 0) {
                if (scanned) {
                    throw new IllegalStateException("capture of table " + table.name() + " was already scanned");
                }
                scanned = true;
            }
            copy.clear();
            try (MapSegmentContext<byte[], byte[], ?> c = map.segmentContext(s)) {
                c.forEachSegmentEntry(copy::add);
            }
            before = saved[s];
            saved[s] = null;
            copied = s + 1;
        } finally {
            lock.unlock();
        }
        long visited = 0;
        final int keyBytes = key.length;
        for (int i = 0; i < copy.count; i++) {
            if (before != null && before.containsKey(copy.key(i))) {
                continue; // changed since the capture: its saved value follows
            }
            System.arraycopy(copy.keys, i * keyBytes, key, 0, keyBytes);
            int length = copy.length(i);
            System.arraycopy(copy.values, copy.offsets[i], value, 0, length);
            visitor.row(key, value, length);
            visited++;
        }
        if (before != null) {
            for (Map.Entry<ByteBuffer, byte[]> e : before.entrySet()) {
                byte[] v = e.getValue();
                if (v != ABSENT) {
                    visitor.row(e.getKey().array(), v, v.length);
                    visited++;
                }
            }
        }
        return visited;
    }

    /** Ends the capture: the writer stops saving values and a scan still running fails at its next segment. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                copied = segments;
                Arrays.fill(saved, null);
                table.endCapture(this);
            }
        } finally {
            lock.unlock();
        }
    }

    /** One segment's rows, copied out under the lock so that visiting them holds nothing. Reused. */
    private static final class SegmentCopy {
        private final int keyBytes;
        byte[] keys;
        /** A view of {@link #keys} for map lookups, moved to one key at a time. */
        ByteBuffer keyView;
        byte[] values = new byte[1 << 14];
        int[] offsets = new int[64 + 1];
        int count;

        SegmentCopy(int keyBytes) {
            this.keyBytes = keyBytes;
            this.keys = new byte[64 * keyBytes];
            this.keyView = ByteBuffer.wrap(keys);
        }

        /** Key {@code i} as a buffer whose remaining bytes are the key (equal to a wrapped key array). */
        ByteBuffer key(int i) {
            keyView.limit((i + 1) * keyBytes).position(i * keyBytes);
            return keyView;
        }

        void clear() {
            count = 0;
            offsets[0] = 0;
        }

        int length(int i) {
            return offsets[i + 1] - offsets[i];
        }

        void add(MapEntry<byte[], byte[]> e) {
            if ((count + 1) * keyBytes > keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
                keyView = ByteBuffer.wrap(keys);
            }
            if (count + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            Data<byte[]> k = e.key();
            k.bytes().read(k.offset(), keys, count * keyBytes, keyBytes);
            Data<byte[]> v = e.value();
            int length = (int) v.size();
            int at = offsets[count];
            if (at + length > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, at + length));
            }
            v.bytes().read(v.offset(), values, at, length);
            count++;
            offsets[count] = at + length;
        }
    }
}
