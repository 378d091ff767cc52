package io.bulwark.state.table;

import io.bulwark.state.record.SubjectIndexRecord;

import java.util.Arrays;

/**
 * Subject hash to that subject's session hashes, kept exactly in step with the sessions table
 * by the appliers (create adds, purge and reclaim remove) and rebuilt from it on snapshot load.
 * Bounded by {@code maxSessionsPerSubject}.
 */
public final class SubjectIndex {
    private final OffHeapTable table;
    private final int maxSessionsPerSubject;

    SubjectIndex(OffHeapTable table, int maxSessionsPerSubject) {
        this.table = table;
        this.maxSessionsPerSubject = maxSessionsPerSubject;
    }

    public OffHeapTable table() {
        return table;
    }

    public int maxSessionsPerSubject() {
        return maxSessionsPerSubject;
    }

    /** The subject's index row, or null (allocates: apply and list paths only). */
    public byte[] row(byte[] subjectHash) {
        byte[] buf = new byte[table.maxValueBytes()];
        int n = table.read(subjectHash, buf);
        return n < 0 ? null : Arrays.copyOf(buf, n);
    }

    /** The subject's session hashes, ascending (empty when none). */
    public byte[][] sessions(byte[] subjectHash) {
        byte[] row = row(subjectHash);
        return row == null ? new byte[0][] : SubjectIndexRecord.decode(row);
    }

    /** Number of sessions listed for the subject. */
    public int count(byte[] subjectHash) {
        return SubjectIndexRecord.count(row(subjectHash));
    }

    /** Adds a session; callers have checked the subject bound. */
    public void add(byte[] subjectHash, byte[] sessionHash) {
        byte[] row = SubjectIndexRecord.with(row(subjectHash), sessionHash);
        if (SubjectIndexRecord.count(row) > maxSessionsPerSubject) {
            throw new IllegalStateException("subject index over its bound of " + maxSessionsPerSubject);
        }
        table.put(subjectHash, row);
    }

    /** Removes sessions; drops the row when none are left. */
    public void remove(byte[] subjectHash, byte[]... sessionHashes) {
        byte[] row = row(subjectHash);
        if (row == null) {
            throw new IllegalStateException("subject index has no row for a session being removed");
        }
        byte[] left = SubjectIndexRecord.without(row, sessionHashes);
        if (left == null) {
            table.remove(subjectHash);
        } else {
            table.put(subjectHash, left);
        }
    }

}
