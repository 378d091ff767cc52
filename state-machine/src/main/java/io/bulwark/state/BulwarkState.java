package io.bulwark.state;

import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The replicated state of one Bulwark node: every table, the apply path and the read path.
 *
 * <p>Threading: {@link #apply} is called by one thread at a time (the Raft apply thread) in
 * log order. Reads ({@link #getSession}, {@link #check}, ...) may run concurrently from any
 * number of threads; they see each table row atomically but may observe a batch half-applied.
 * {@link #lastAppliedIndex()} moves only after a whole batch is applied, so a reader that waits
 * for index i sees every command up to i.
 *
 * <p>Determinism: apply is a pure function of (state, index, batch). It reads no clock and no
 * randomness; time comes from each command's header.
 */
public final class BulwarkState implements AutoCloseable {

    private BulwarkState() {
        throw new UnsupportedOperationException("skeleton: implemented in state-machine");
    }

    /** Creates empty off-heap tables sized from {@code config}. */
    public static BulwarkState open(StateConfig config) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Applies one Raft entry. Every command gets its own result, in order; a rejected command
     * changes nothing and never affects its neighbours. Throws only if the replica is broken.
     */
    public BatchResult apply(long index, CommandBatch batch) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Index of the last entry whose batch is fully applied (0 when empty). */
    public long lastAppliedIndex() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Marks an index as applied without a batch (Raft configuration entries and the like),
     * so readers waiting for it wake up.
     */
    public void advanceAppliedIndex(long index) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** The session whose id hashes to {@code sessionHash} (32 bytes), state judged at {@code nowMs}; null if absent. */
    public Session getSession(byte[] sessionHash, long nowMs) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A subject's sessions, ordered by creation time then ref; meta left for the caller to set. */
    public ListSessionsResponse.Builder listSessions(String subject, int limit, long nowMs) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Revocation state of one key; meta left for the caller to set. */
    public GetRevocationResponse.Builder getRevocation(RevocationKind kind, byte[] keyHash) {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Evaluates a check against the local tables at {@code nowMs}, writing into {@code out}
     * (reused by the caller; this method allocates nothing on the session-hit path).
     */
    public void check(CheckInput input, long nowMs, CheckOutcome out) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Writes a snapshot of every table at {@link #lastAppliedIndex()} (see snapshot.proto for the format). */
    public void writeSnapshot(OutputStream out, long term) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * Replaces all state with a snapshot after verifying its checksum and row counts.
     * @return the snapshot's applied index
     * @throws IOException on a corrupt, truncated or unknown-version snapshot (state is then empty)
     */
    public long loadSnapshot(InputStream in) throws IOException {
        throw new UnsupportedOperationException("skeleton");
    }

    /** SHA-256 over every table's rows in key order: equal on replicas with equal state. */
    public byte[] digest() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Rows per table name. */
    public Map<String, Long> tableRows() {
        throw new UnsupportedOperationException("skeleton");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }
}
