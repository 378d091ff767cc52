package io.bulwark.state.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.BundleVersionState;
import io.bulwark.replication.v1.BundlePointers;
import io.bulwark.replication.v1.BundleVersionRecord;
import io.bulwark.state.table.HeapTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The replicated bundle tables and typed access to them: {@value #VERSIONS} (version → signed
 * bundle and metadata), {@value #POINTERS} (one row: active, shadow, previous, counters) and
 * {@value #HISTORY} (sequence → activation event). Rows are protobuf messages serialized once
 * when written; only the apply thread writes.
 */
public final class BundleRows {
    public static final String VERSIONS = "bundle_versions";
    public static final String POINTERS = "bundle_pointers";
    public static final String HISTORY = "bundle_history";

    private static final byte[] POINTER_KEY = {0};

    private final HeapTable versions = new HeapTable(VERSIONS, 8);
    private final HeapTable pointers = new HeapTable(POINTERS, 1);
    private final HeapTable history = new HeapTable(HISTORY, 8);
    private final List<HeapTable> tables = List.of(versions, pointers, history);

    /** The tables in snapshot and digest order. */
    public List<HeapTable> tables() {
        return tables;
    }

    public BundlePointers pointers() {
        byte[] v = pointers.get(POINTER_KEY);
        return v == null ? BundlePointers.getDefaultInstance() : parse(v, BundlePointers.parser());
    }

    public void setPointers(BundlePointers p) {
        pointers.put(POINTER_KEY.clone(), p.toByteArray());
    }

    /** The stored version, or null (never pushed, or pruned). */
    public BundleVersionRecord version(long version) {
        byte[] v = version <= 0 ? null : versions.get(HeapTable.longKey(version));
        return v == null ? null : parse(v, BundleVersionRecord.parser());
    }

    /** The stored version with {@code contentHash}, or null. Linear: the table holds a handful of rows. */
    public BundleVersionRecord versionByHash(String contentHash) {
        for (Map.Entry<byte[], byte[]> e : versions.ascending()) {
            BundleVersionRecord r = parse(e.getValue(), BundleVersionRecord.parser());
            if (r.getMeta().getContentHash().equals(contentHash)) {
                return r;
            }
        }
        return null;
    }

    public void putVersion(BundleVersionRecord r) {
        versions.put(HeapTable.longKey(r.getMeta().getVersion()), r.toByteArray());
    }

    public void removeVersion(long version) {
        versions.remove(HeapTable.longKey(version));
    }

    /** Stored version numbers, oldest first. */
    public List<Long> versionNumbers() {
        List<Long> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : versions.ascending()) {
            out.add(HeapTable.keyLong(e.getKey()));
        }
        return out;
    }

    public long versionCount() {
        return versions.rows();
    }

    public void addEvent(long sequence, ActivationEvent event) {
        history.put(HeapTable.longKey(sequence), event.toByteArray());
    }

    public void removeEvent(long sequence) {
        history.remove(HeapTable.longKey(sequence));
    }

    /** Up to {@code limit} versions, newest first, each with its state under {@code p}. */
    public List<BundleVersion> versionsNewestFirst(int limit, BundlePointers p) {
        List<BundleVersion> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : versions.descending()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(view(parse(e.getValue(), BundleVersionRecord.parser()), p));
        }
        return out;
    }

    /** Up to {@code limit} activation events, newest first. */
    public List<ActivationEvent> historyNewestFirst(int limit) {
        List<ActivationEvent> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : history.descending()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(parse(e.getValue(), ActivationEvent.parser()));
        }
        return out;
    }

    /** The version's metadata with its state under {@code p}; null for version 0 or a missing row. */
    public BundleVersion view(long version, BundlePointers p) {
        BundleVersionRecord r = version(version);
        return r == null ? null : view(r, p);
    }

    /** The record's metadata with its state: ACTIVE, SHADOW, RETIRED (was active) or STAGED. */
    public static BundleVersion view(BundleVersionRecord r, BundlePointers p) {
        long v = r.getMeta().getVersion();
        BundleVersionState state;
        if (v == p.getActive()) {
            state = BundleVersionState.BUNDLE_VERSION_STATE_ACTIVE;
        } else if (v == p.getShadow()) {
            state = BundleVersionState.BUNDLE_VERSION_STATE_SHADOW;
        } else if (r.getMeta().getState() == BundleVersionState.BUNDLE_VERSION_STATE_RETIRED) {
            state = BundleVersionState.BUNDLE_VERSION_STATE_RETIRED;
        } else {
            state = BundleVersionState.BUNDLE_VERSION_STATE_STAGED;
        }
        return r.getMeta().toBuilder().setState(state).build();
    }

    /** Empties every bundle table. */
    public void clear() {
        for (HeapTable t : tables) {
            t.clear();
        }
    }

    /** Why a snapshot row of {@code table} is unacceptable, or null. */
    public static String problem(String table, byte[] value) {
        try {
            switch (table) {
                case VERSIONS -> {
                    BundleVersionRecord r = BundleVersionRecord.parseFrom(value);
                    if (r.getMeta().getVersion() <= 0 || r.getSignedBundle().isEmpty()) {
                        return "bundle version row without a version or bytes";
                    }
                }
                case POINTERS -> BundlePointers.parseFrom(value);
                case HISTORY -> ActivationEvent.parseFrom(value);
                default -> {
                    return "unknown table";
                }
            }
            return null;
        } catch (InvalidProtocolBufferException e) {
            return "malformed row: " + e.getMessage();
        }
    }

    private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // Rows are written by this class only: an unreadable one means the replica is broken.
            throw new IllegalStateException("unreadable bundle row", e);
        }
    }
}
