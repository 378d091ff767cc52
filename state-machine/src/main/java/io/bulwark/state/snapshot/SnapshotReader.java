package io.bulwark.state.snapshot;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.bulwark.replication.v1.SnapshotHeader;
import io.bulwark.replication.v1.SnapshotRecord;
import io.bulwark.replication.v1.SnapshotTrailer;
import io.bulwark.state.record.RequestRecord;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.record.SubjectIndexRecord;
import io.bulwark.state.record.SubjectRecord;
import io.bulwark.state.bundle.BundleRows;
import io.bulwark.state.table.HeapTable;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.table.SubjectIndex;
import io.bulwark.state.validate.Limits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Loads a snapshot into empty tables, verifying as it goes: magic, format version, per-table row
 * counts against the header and this node's capacities, table order, no key twice, every row's
 * length and format version, the trailer's record count and CRC-32C, no trailing bytes, and
 * finally the state digest after rebuilding the subject index. Any failure is an
 * {@link IOException}; the caller then empties the tables.
 *
 * <p>Format version 3 (written now) carries off-heap rows in any order and a {@link StateDigest};
 * loading it holds a bounded amount of heap whatever the row count (the subject index is rebuilt
 * in rounds of at most {@link #INDEX_REBUILD_BATCH} sessions). Versions 1 and 2, from earlier
 * builds, carry rows in ascending key order (checked) and a {@link LegacyStateDigest}, whose
 * check sorts each table in the heap: they load so a node upgraded in place can restore the
 * snapshot it has, and need a heap to match their size that one time.
 */
public final class SnapshotReader {
    private SnapshotReader() {
    }

    /** Loads {@code in} into {@code tables} (which must be empty) and returns the snapshot's applied index. */
    public static long load(StateTables tables, InputStream in) throws IOException {
        return load(tables, in, INDEX_REBUILD_BATCH);
    }

    /** {@link #load(StateTables, InputStream)} with the subject index rebuilt in rounds of {@code indexRound} sessions. */
    static long load(StateTables tables, InputStream in, int indexRound) throws IOException {
        CRC32C crc = new CRC32C();
        CheckedInputStream cin = new CheckedInputStream(new BufferedInputStream(in, SnapshotFormat.BUFFER_BYTES), crc);
        byte[] magic = cin.readNBytes(SnapshotFormat.MAGIC.length);
        if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
            throw new IOException("not a Bulwark snapshot (bad magic)");
        }
        SnapshotHeader header = readDelimited(cin, SnapshotHeader.parser(), "header");
        final int version = header.getFormatVersion();
        if (version != SnapshotFormat.FORMAT_VERSION && version != SnapshotFormat.FORMAT_VERSION_SORTED
                && version != SnapshotFormat.FORMAT_VERSION_SORTED_WITHOUT_BUNDLES) {
            throw new IOException("unsupported snapshot format version " + version);
        }
        final boolean withBundles = version != SnapshotFormat.FORMAT_VERSION_SORTED_WITHOUT_BUNDLES;
        final boolean sorted = version != SnapshotFormat.FORMAT_VERSION;
        int expectedTables = tables.replicated().size() + (withBundles ? tables.bundles().tables().size() : 0);
        if (header.getTableRowsCount() != expectedTables) {
            throw new IOException("snapshot lists tables " + header.getTableRowsMap().keySet());
        }
        long records = 0;
        for (OffHeapTable t : tables.replicated()) {
            if (!header.getTableRowsMap().containsKey(t.name())) {
                throw new IOException("snapshot lacks table " + t.name());
            }
            long rows = header.getTableRowsMap().get(t.name());
            if (rows > t.capacity()) {
                throw new IOException("table " + t.name() + " has " + rows + " rows, above this node's capacity " + t.capacity());
            }
            loadTable(cin, t, rows, sorted);
            records += rows;
        }
        if (withBundles) {
            for (HeapTable t : tables.bundles().tables()) {
                if (!header.getTableRowsMap().containsKey(t.name())) {
                    throw new IOException("snapshot lacks table " + t.name());
                }
                long rows = header.getTableRowsMap().get(t.name());
                loadHeapTable(cin, t, rows);
                records += rows;
            }
        }
        long crcBeforeTrailer = crc.getValue();
        SnapshotTrailer trailer = readDelimited(cin, SnapshotTrailer.parser(), "trailer");
        if (trailer.getRecordCount() != records) {
            throw new IOException("trailer counts " + trailer.getRecordCount() + " records, read " + records);
        }
        if (trailer.getCrc32C() != (int) crcBeforeTrailer) {
            throw new IOException("snapshot CRC-32C mismatch");
        }
        if (cin.read() != -1) {
            throw new IOException("bytes after the snapshot trailer");
        }
        rebuildSubjectIndex(tables, indexRound);
        byte[] digest = sorted ? LegacyStateDigest.compute(tables) : StateDigest.compute(tables);
        if (!Arrays.equals(digest, trailer.getStateDigest().toByteArray())) {
            throw new IOException("state digest after load does not match the snapshot's");
        }
        return header.getAppliedIndex();
    }

    /** {@code sorted}: the rows must come in strictly ascending key order (versions 1 and 2). */
    private static void loadTable(InputStream in, OffHeapTable table, long rows, boolean sorted) throws IOException {
        byte[] previous = null;
        for (long i = 0; i < rows; i++) {
            SnapshotRecord r = readDelimited(in, SnapshotRecord.parser(), "record");
            if (!r.getTable().equals(table.name())) {
                throw new IOException("expected a record of table " + table.name() + ", found " + r.getTable());
            }
            byte[] key = r.getKey().toByteArray();
            if (key.length != table.keyBytes()) {
                throw new IOException("table " + table.name() + ": key of " + key.length + " bytes");
            }
            if (sorted && previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                throw new IOException("table " + table.name() + ": keys not in strictly ascending order");
            }
            byte[] value = r.getValue().toByteArray();
            String problem = problem(table.name(), value);
            if (problem != null) {
                throw new IOException("table " + table.name() + ": " + problem);
            }
            if (!table.put(key, value)) {
                throw new IOException("table " + table.name() + ": a key appears twice");
            }
            previous = sorted ? key : null;
        }
    }

    private static void loadHeapTable(InputStream in, HeapTable table, long rows) throws IOException {
        if (rows > Limits.MAX_BUNDLE_HISTORY + 1_000L) {
            throw new IOException("table " + table.name() + " has " + rows + " rows, more than any bound allows");
        }
        byte[] previous = null;
        for (long i = 0; i < rows; i++) {
            SnapshotRecord r = readDelimited(in, SnapshotRecord.parser(), "record");
            if (!r.getTable().equals(table.name())) {
                throw new IOException("expected a record of table " + table.name() + ", found " + r.getTable());
            }
            byte[] key = r.getKey().toByteArray();
            if (key.length != table.keyBytes()) {
                throw new IOException("table " + table.name() + ": key of " + key.length + " bytes");
            }
            if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                throw new IOException("table " + table.name() + ": keys not in strictly ascending order");
            }
            byte[] value = r.getValue().toByteArray();
            String problem = BundleRows.problem(table.name(), value);
            if (problem != null) {
                throw new IOException("table " + table.name() + ": " + problem);
            }
            table.put(key, value);
            previous = key;
        }
    }

    private static String problem(String table, byte[] value) {
        return switch (table) {
            case StateTables.SESSIONS -> SessionRecord.problem(value, value.length);
            case StateTables.REVOCATIONS -> RevocationRecord.problem(value, value.length);
            case StateTables.SUBJECTS -> SubjectRecord.problem(value, value.length);
            case StateTables.REQUESTS -> RequestRecord.problem(value, value.length);
            default -> "unknown table";
        };
    }

    /** Sessions gathered per round of the subject index rebuild: bounds its heap (see {@link #rebuildSubjectIndex}). */
    static final int INDEX_REBUILD_BATCH = 1 << 18;

    /**
     * The index is derived state: rebuilt from the sessions' subject hashes. Sessions are gathered
     * by subject in rounds of at most {@code round} sessions; each round merges into the index rows
     * built so far. Gathering every session at once held about 60 bytes of heap per session until
     * the end (600 MB at 10M sessions); a round of 2^18 holds at most about 60 MB (when every
     * session has a subject of its own, less when subjects repeat), and a subject whose
     * sessions fall into several rounds costs one more read and write of its row per round.
     */
    private static void rebuildSubjectIndex(StateTables tables, int round) throws IOException {
        SubjectIndex index = tables.subjectIndex();
        Map<ByteBuffer, List<byte[]>> gathered = new HashMap<>();
        byte[] rowScratch = new byte[index.table().maxValueBytes()];
        SessionRecord record = new SessionRecord();
        int[] size = {0};
        tables.sessions().scan((key, value, length) -> {
            byte[] subjectHash = new byte[Limits.HASH_BYTES];
            record.wrap(value, length).subjectHash(subjectHash);
            gathered.computeIfAbsent(ByteBuffer.wrap(subjectHash), k -> new ArrayList<>()).add(key.clone());
            if (++size[0] == round) {
                mergeIntoIndex(index, gathered, rowScratch);
                size[0] = 0;
            }
        });
        mergeIntoIndex(index, gathered, rowScratch);
    }

    private static void mergeIntoIndex(SubjectIndex index, Map<ByteBuffer, List<byte[]>> gathered, byte[] rowScratch)
            throws IOException {
        int max = index.maxSessionsPerSubject();
        for (Map.Entry<ByteBuffer, List<byte[]>> e : gathered.entrySet()) {
            byte[] subjectHash = e.getKey().array();
            List<byte[]> sessions = e.getValue();
            int length = index.table().read(subjectHash, rowScratch);
            int existing = length < 0 ? 0 : SubjectIndexRecord.count(rowScratch, length);
            if (existing + sessions.size() > max) {
                throw new IOException("a subject has " + (existing + sessions.size()) + " sessions or more, above this node's bound " + max);
            }
            for (int i = 0; i < existing; i++) {
                byte[] hash = new byte[Limits.HASH_BYTES];
                SubjectIndexRecord.sessionHash(rowScratch, i, hash);
                sessions.add(hash);
            }
            index.table().put(subjectHash, SubjectIndexRecord.encode(sessions.toArray(new byte[0][])));
        }
        gathered.clear();
    }

    private static <T> T readDelimited(InputStream in, Parser<T> parser, String what) throws IOException {
        int size = readVarint32(in, what);
        if (size < 0 || size > SnapshotFormat.MAX_MESSAGE_BYTES) {
            throw new IOException("snapshot " + what + " of " + size + " bytes");
        }
        byte[] bytes = in.readNBytes(size);
        if (bytes.length != size) {
            throw new IOException("snapshot truncated in a " + what);
        }
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("malformed snapshot " + what, e);
        }
    }

    private static int readVarint32(InputStream in, String what) throws IOException {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("snapshot truncated before a " + what);
            }
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("malformed length before a " + what);
    }
}
