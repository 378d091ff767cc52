package io.bulwark.state.snapshot;

import io.bulwark.state.table.HeapTable;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.table.TableCapture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every table as it was at one applied index, to be written as a snapshot by one thread while
 * apply goes on in another. The off-heap tables are held by {@link TableCapture}s (apply saves
 * the rows it changes before the writer reaches them); the bundle tables, a few heap rows of
 * immutable arrays, are copied when the capture begins.
 *
 * <p>Begin it with apply paused (the cost is a few object allocations per table); write it once
 * with {@link #writeTo}; {@link #close} it from any thread to cancel a write in progress, after
 * which it no longer touches the tables.
 */
public final class StateCapture implements AutoCloseable {
    private final long appliedIndex;
    private final List<TableCapture> replicated;
    private final TableCapture subjectIndex;
    private final List<HeapRows> bundles;
    private volatile boolean closed;

    /** A heap table's rows, ascending by key, as they were at the capture. */
    record HeapRows(String name, List<Map.Entry<byte[], byte[]>> rows) {
    }

    private StateCapture(long appliedIndex, List<TableCapture> replicated, TableCapture subjectIndex,
                         List<HeapRows> bundles) {
        this.appliedIndex = appliedIndex;
        this.replicated = replicated;
        this.subjectIndex = subjectIndex;
        this.bundles = bundles;
    }

    /**
     * Captures {@code tables} at {@code appliedIndex}; the caller keeps every writer off for the
     * duration of this call only.
     *
     * @throws IllegalStateException when a table still has a capture open
     */
    public static StateCapture begin(StateTables tables, long appliedIndex) {
        List<TableCapture> begun = new ArrayList<>();
        try {
            for (OffHeapTable t : tables.replicated()) {
                begun.add(t.beginCapture());
            }
            TableCapture index = tables.subjectIndex().table().beginCapture();
            List<HeapRows> bundles = new ArrayList<>();
            for (HeapTable t : tables.bundles().tables()) {
                List<Map.Entry<byte[], byte[]>> rows = new ArrayList<>();
                // A ConcurrentSkipListMap hands out immutable entry copies; the arrays are never changed.
                t.ascending().forEach(rows::add);
                bundles.add(new HeapRows(t.name(), List.copyOf(rows)));
            }
            return new StateCapture(appliedIndex, List.copyOf(begun), index, List.copyOf(bundles));
        } catch (RuntimeException e) {
            begun.forEach(TableCapture::close);
            throw e;
        }
    }

    /** The applied index the capture holds the state of. */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** Rows captured in the replicated tables (what a snapshot of it holds; the subject index is derived). */
    public long rows() {
        long n = 0;
        for (TableCapture t : replicated) {
            n += t.rows();
        }
        for (HeapRows t : bundles) {
            n += t.rows().size();
        }
        return n;
    }

    /** Rows whose old value apply had to keep for this capture so far (for the log). */
    public long savedKeys() {
        long n = subjectIndex.savedKeys();
        for (TableCapture t : replicated) {
            n += t.savedKeys();
        }
        return n;
    }

    /** True once written or cancelled. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Writes the captured state as a snapshot (see {@link SnapshotWriter}) and closes the capture.
     * Does not close {@code out}.
     *
     * @return the snapshot's state digest
     * @throws java.util.concurrent.CancellationException when the capture was closed meanwhile
     */
    public byte[] writeTo(OutputStream out, long term) throws IOException {
        try {
            return SnapshotWriter.write(this, term, out);
        } finally {
            close();
        }
    }

    List<TableCapture> replicated() {
        return replicated;
    }

    TableCapture subjectIndex() {
        return subjectIndex;
    }

    List<HeapRows> bundles() {
        return bundles;
    }

    /** Ends the capture; a write in progress fails at its next Chronicle segment. Idempotent, any thread. */
    @Override
    public void close() {
        closed = true;
        for (TableCapture t : replicated) {
            t.close();
        }
        subjectIndex.close();
    }
}
