package io.bulwark.state.table;

import io.bulwark.state.StateConfig;
import io.bulwark.state.bundle.BundleRows;
import io.bulwark.state.record.RequestRecord;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.record.SubjectIndexRecord;
import io.bulwark.state.record.SubjectRecord;
import io.bulwark.state.validate.Limits;

import java.util.List;

/**
 * The module's tables, sized from one {@link StateConfig}.
 *
 * <p>{@link #SUBJECT_INDEX} is derived from {@link #SESSIONS}: snapshots do not carry it (it is
 * rebuilt on load) but the state digest covers it, so an index that drifted from the sessions
 * shows up as a digest mismatch.
 */
public final class StateTables implements AutoCloseable {
    public static final String SESSIONS = "sessions";
    public static final String REVOCATIONS = "revocations";
    public static final String SUBJECTS = "subjects";
    public static final String REQUESTS = "requests";
    public static final String SUBJECT_INDEX = "subject_index";

    /** Typical subject length in bytes, for Chronicle's chunk sizing only. */
    private static final int TYPICAL_SUBJECT_BYTES = 24;

    private final StateConfig config;
    private final OffHeapTable sessions;
    private final OffHeapTable revocations;
    private final OffHeapTable subjects;
    private final OffHeapTable requests;
    private final SubjectIndex subjectIndex;
    private final List<OffHeapTable> replicated;
    private final List<OffHeapTable> all;
    private final BundleRows bundles = new BundleRows();

    public StateTables(StateConfig config) {
        this.config = config;
        // Each expiring table reads its rows' expiry through a record view of its own (one writer thread).
        final SessionRecord session = new SessionRecord();
        final RevocationRecord revocation = new RevocationRecord();
        final SubjectRecord subject = new SubjectRecord();
        final RequestRecord request = new RequestRecord();
        this.sessions = new OffHeapTable(SESSIONS, Limits.HASH_BYTES, config.sessionsCapacity(),
                SessionRecord.FIXED_BYTES + TYPICAL_SUBJECT_BYTES, SessionRecord.MAX_BYTES,
                (row, length) -> session.wrap(row, length).expiresAtMs());
        this.revocations = new OffHeapTable(REVOCATIONS, RevocationRecord.KEY_BYTES, config.revocationsCapacity(),
                RevocationRecord.BYTES, RevocationRecord.BYTES, (row, length) -> revocation.wrap(row).expiresAtMs());
        this.subjects = new OffHeapTable(SUBJECTS, Limits.HASH_BYTES, config.subjectsCapacity(),
                SubjectRecord.BYTES, SubjectRecord.BYTES, (row, length) -> subject.wrap(row).expiresAtMs());
        this.requests = new OffHeapTable(REQUESTS, Limits.HASH_BYTES, config.requestIdsCapacity(),
                RequestRecord.BYTES, RequestRecord.BYTES, (row, length) -> request.wrap(row).expiresAtMs());
        // Every index row lists at least one session, so it never has more rows than sessions.
        OffHeapTable indexTable = new OffHeapTable(SUBJECT_INDEX, Limits.HASH_BYTES, config.sessionsCapacity(),
                SubjectIndexRecord.maxBytes(2), SubjectIndexRecord.maxBytes(config.maxSessionsPerSubject()));
        this.subjectIndex = new SubjectIndex(indexTable, config.maxSessionsPerSubject());
        this.replicated = List.of(sessions, revocations, subjects, requests);
        this.all = List.of(sessions, revocations, subjects, requests, indexTable);
    }

    public StateConfig config() {
        return config;
    }

    public OffHeapTable sessions() {
        return sessions;
    }

    public OffHeapTable revocations() {
        return revocations;
    }

    public OffHeapTable subjects() {
        return subjects;
    }

    public OffHeapTable requests() {
        return requests;
    }

    public SubjectIndex subjectIndex() {
        return subjectIndex;
    }

    /** The bundle tables (heap): snapshotted and digested after the off-heap tables. */
    public BundleRows bundles() {
        return bundles;
    }

    /** Off-heap tables a snapshot carries, in snapshot order. */
    public List<OffHeapTable> replicated() {
        return replicated;
    }

    /** Every table, in digest order. */
    public List<OffHeapTable> all() {
        return all;
    }

    /** The replicated table called {@code name}, or null. */
    public OffHeapTable replicated(String name) {
        for (OffHeapTable t : replicated) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Empties every table. */
    public void clear() {
        for (OffHeapTable t : all) {
            t.clear();
        }
        bundles.clear();
    }

    @Override
    public void close() {
        for (OffHeapTable t : all) {
            t.close();
        }
    }
}
