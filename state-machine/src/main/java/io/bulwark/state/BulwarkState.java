package io.bulwark.state;

import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.ShadowFlips;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.BundlePointers;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.apply.CommandDispatcher;
import io.bulwark.state.bundle.Admission;
import io.bulwark.state.bundle.BundleAdmission;
import io.bulwark.state.bundle.BundleRows;
import io.bulwark.state.bundle.PolicyRuntime;
import io.bulwark.state.bundle.PolicySettings;
import io.bulwark.state.bundle.ShadowStats;
import io.bulwark.state.check.CheckEvaluator;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import io.bulwark.state.check.PolicyCheck;
import io.bulwark.state.read.StateReader;
import io.bulwark.state.snapshot.SnapshotReader;
import io.bulwark.state.snapshot.StateCapture;
import io.bulwark.state.snapshot.StateDigest;
import io.bulwark.state.table.HeapTable;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The replicated state of one Bulwark node: every table, the apply path and the read path.
 *
 * <p>Threading: {@link #apply} is called by one thread at a time (the Raft apply thread) in
 * log order. Reads ({@link #getSession}, {@link #check}, ...) may run concurrently from any
 * number of threads; they see each table row atomically but may observe a batch half-applied.
 * {@link #lastAppliedIndex()} moves only after a whole batch is applied, so a reader that waits
 * for index i sees every command up to i. {@link #apply}, {@link #advanceAppliedIndex},
 * {@link #beginSnapshot}, {@link #loadSnapshot} and {@link #digest} exclude each other (one
 * monitor). A snapshot is captured under it in an instant and written while apply goes on
 * ({@link StateCapture}); a digest still holds apply off for its whole scan.
 *
 * <p>Determinism: apply is a pure function of (state, index, batch). It reads no clock and no
 * randomness; time comes from each command's header.
 */
public final class BulwarkState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BulwarkState.class);

    private final StateConfig config;
    private final StateTables tables;
    private final CommandDispatcher dispatcher;
    private final StateReader reader;
    private final PolicyCheck checks;
    private final PolicyRuntime policy;
    private final Object applyLock = new Object();
    /** The snapshot being written, or one written or cancelled since. Under applyLock. */
    private StateCapture openCapture;
    private volatile long lastAppliedIndex;
    private volatile boolean closed;

    private BulwarkState(StateConfig config, PolicySettings policySettings) {
        this.config = config;
        this.tables = new StateTables(config);
        BundleAdmission admission = new BundleAdmission(policySettings);
        this.policy = new PolicyRuntime(admission);
        this.dispatcher = new CommandDispatcher(tables, admission, policySettings.versionsKeep());
        this.reader = new StateReader(tables);
        this.checks = new PolicyCheck(new CheckEvaluator(tables), policy);
    }

    /** Creates empty off-heap tables sized from {@code config}; no trusted bundle keys (every push refused). */
    public static BulwarkState open(StateConfig config) {
        return new BulwarkState(config, PolicySettings.defaults());
    }

    /**
     * As {@link #open(StateConfig)} with the node's policy settings. Like {@code config}, the trusted
     * keys and the versions bound must be equal on every replica: pushes are verified at apply.
     */
    public static BulwarkState open(StateConfig config, PolicySettings policySettings) {
        return new BulwarkState(config, policySettings);
    }

    public StateConfig config() {
        return config;
    }

    /**
     * Applies one Raft entry. Every command gets its own result, in order; a rejected command
     * changes nothing and never affects its neighbours. Throws only if the replica is broken
     * (including an {@code index} at or below {@link #lastAppliedIndex()}: a replayed entry).
     */
    public BatchResult apply(long index, CommandBatch batch) {
        synchronized (applyLock) {
            if (index <= lastAppliedIndex) {
                throw new IllegalStateException("entry " + index + " is at or below the applied index " + lastAppliedIndex);
            }
            BatchResult.Builder out = BatchResult.newBuilder();
            boolean bundles = false;
            for (Command command : batch.getCommandsList()) {
                out.addResults(dispatcher.apply(index, command));
                bundles |= CommandDispatcher.isBundleCommand(command);
            }
            if (bundles) {
                // Before the index moves: a reader waiting for this index must see the new version.
                policy.refresh(tables.bundles(), index);
            }
            lastAppliedIndex = index;
            return out.build();
        }
    }

    /** Index of the last entry whose batch is fully applied (0 when empty). */
    public long lastAppliedIndex() {
        return lastAppliedIndex;
    }

    /**
     * Marks an index as applied without a batch (Raft configuration entries and the like),
     * so readers waiting for it wake up. An index at or below the current one is ignored.
     */
    public void advanceAppliedIndex(long index) {
        synchronized (applyLock) {
            if (index > lastAppliedIndex) {
                lastAppliedIndex = index;
            }
        }
    }

    /** The session whose id hashes to {@code sessionHash} (32 bytes), state judged at {@code nowMs}; null if absent. */
    public Session getSession(byte[] sessionHash, long nowMs) {
        return reader.getSession(sessionHash, nowMs);
    }

    /**
     * A subject's sessions (live, and revoked or expired ones not yet purged), ordered by
     * creation time then ref; {@code limit} 0 means 100, capped at 1000. Meta left for the caller.
     */
    public ListSessionsResponse.Builder listSessions(String subject, int limit, long nowMs) {
        return reader.listSessions(subject, limit, nowMs);
    }

    /**
     * Revocation state of one key; meta left for the caller to set.
     * @throws IllegalArgumentException for an UNSPECIFIED kind or a key that is not 32 bytes
     */
    public GetRevocationResponse.Builder getRevocation(RevocationKind kind, byte[] keyHash) {
        return reader.getRevocation(kind, keyHash);
    }

    /**
     * Evaluates a check against the local tables and the active bundle at {@code nowMs}, writing
     * into {@code out} (reset here; reused by the caller). See {@link PolicyCheck} for the chain
     * (bearer token, revocation and session state, rules) and {@link CheckEvaluator} for the order
     * of credential deny reasons. Without a bundle or request attributes it allocates nothing on
     * the session-hit path beyond the subject String.
     */
    public void check(CheckInput input, long nowMs, CheckOutcome out) {
        // The applied index is read before the policy pair (inside evaluate): a pair published after this
        // read carries its own, higher index, which the answer then reports (see PolicyCheck.evaluate).
        checks.evaluate(input, nowMs, lastAppliedIndex, out);
    }

    /**
     * Verifies a signed bundle against this node's trusted keys and compiles it (cached by content
     * hash, so apply and activation reuse it). For the edge: refuse before proposing.
     */
    public Admission admitBundle(byte[] signedBundle) {
        return policy.admission().admit(signedBundle);
    }

    /** The active bundle version number, 0 when none. */
    public long activeBundleVersion() {
        return policy.current().activeVersion();
    }

    /** Up to {@code limit} versions and history events, newest first; meta left for the caller. */
    public ListBundleVersionsResponse.Builder listBundleVersions(int limit) {
        BundleRows rows = tables.bundles();
        BundlePointers p = rows.pointers();
        return ListBundleVersionsResponse.newBuilder()
                .addAllVersions(rows.versionsNewestFirst(limit, p))
                .addAllHistory(rows.historyNewestFirst(limit));
    }

    /** The active and shadowed versions and this node's shadow flips; meta left for the caller. */
    public GetBundleStatusResponse.Builder bundleStatus() {
        BundleRows rows = tables.bundles();
        BundlePointers p = rows.pointers();
        GetBundleStatusResponse.Builder out = GetBundleStatusResponse.newBuilder();
        BundleVersion active = rows.view(p.getActive(), p);
        if (active != null) {
            out.setActive(active);
        }
        BundleVersion shadow = rows.view(p.getShadow(), p);
        if (shadow != null) {
            out.setShadow(shadow);
            ShadowStats stats = policy.shadowStats();
            out.setShadowChecks(stats.checks());
            for (ShadowStats.Flips f : stats.flips()) {
                out.addFlips(ShadowFlips.newBuilder().setRoute(f.route()).setAllowToDeny(f.allowToDeny())
                        .setDenyToAllow(f.denyToAllow()).setOther(f.other()));
            }
        }
        return out;
    }

    /**
     * Writes a snapshot of every table at {@link #lastAppliedIndex()} (see snapshot.proto for
     * the format) on the calling thread. Apply is held off only while the capture begins: see
     * {@link #beginSnapshot}. Does not close {@code out}.
     */
    public void writeSnapshot(OutputStream out, long term) throws IOException {
        long startNs = System.nanoTime();
        try (StateCapture capture = beginSnapshot(index -> true)) {
            capture.writeTo(out, term);
            LOG.info("snapshot written: index={} term={} rows kept for it={} in {} ms", capture.appliedIndex(), term,
                    capture.savedKeys(), (System.nanoTime() - startNs) / 1_000_000);
        }
    }

    /**
     * Captures the state at {@link #lastAppliedIndex()} for a snapshot that another thread writes
     * ({@link StateCapture#writeTo}) while apply goes on. Apply is held off only while the capture
     * begins, and {@code atIndex} is asked, in that moment, whether the applied index suits the
     * caller: a Raft adapter uses it to read the term of exactly that index.
     *
     * @return the capture, or null when {@code atIndex} refused the index
     * @throws IllegalStateException when a capture is still open (one snapshot at a time)
     */
    public StateCapture beginSnapshot(LongPredicate atIndex) {
        synchronized (applyLock) {
            if (closed) {
                throw new IllegalStateException("state is closed");
            }
            if (openCapture != null && !openCapture.isClosed()) {
                throw new IllegalStateException("a snapshot of index " + openCapture.appliedIndex() + " is still being written");
            }
            if (!atIndex.test(lastAppliedIndex)) {
                return null;
            }
            openCapture = StateCapture.begin(tables, lastAppliedIndex);
            return openCapture;
        }
    }

    /**
     * Cancels the snapshot being written, if any: its {@link StateCapture#writeTo} fails with a
     * {@link java.util.concurrent.CancellationException}, and once this returns it reads no table.
     */
    public void cancelSnapshot() {
        synchronized (applyLock) {
            cancelOpenCapture();
        }
    }

    /** {@link #cancelSnapshot()} with applyLock held. */
    private void cancelOpenCapture() {
        if (openCapture != null && !openCapture.isClosed()) {
            LOG.info("cancelling the snapshot of index {} being written", openCapture.appliedIndex());
            openCapture.close();
        }
        openCapture = null;
    }

    /**
     * Replaces all state with a snapshot after verifying its checksum and row counts.
     * @return the snapshot's applied index
     * @throws IOException on a corrupt, truncated or unknown-version snapshot (state is then empty,
     *                     applied index 0)
     */
    public long loadSnapshot(InputStream in) throws IOException {
        synchronized (applyLock) {
            long startNs = System.nanoTime();
            cancelOpenCapture();
            tables.clear();
            policy.clear();
            lastAppliedIndex = 0;
            try {
                long index = SnapshotReader.load(tables, in);
                policy.refresh(tables.bundles(), index);
                lastAppliedIndex = index;
                LOG.info("snapshot loaded: index={} rows={} in {} ms", index, tableRows(), (System.nanoTime() - startNs) / 1_000_000);
                return index;
            } catch (IOException | RuntimeException e) {
                tables.clear();
                policy.clear();
                LOG.warn("snapshot rejected, state left empty: {}", e.toString());
                throw e instanceof IOException io ? io : new IOException("snapshot rejected: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The {@link StateDigest} of every table: equal on replicas with equal state, whatever order
     * their rows were inserted in. A scan with apply held off; needs no heap per row.
     */
    public byte[] digest() {
        synchronized (applyLock) {
            return StateDigest.compute(tables);
        }
    }

    /**
     * A state digest and the applied index of the state it was computed from.
     *
     * @param appliedIndex the {@link #lastAppliedIndex()} while the digest was computed
     * @param sha256       {@link #digest()} of that state
     */
    public record AppliedDigest(long appliedIndex, byte[] sha256) {
    }

    /**
     * {@link #digest()} together with the applied index it describes. Both are read under the monitor
     * that {@link #apply}, {@link #advanceAppliedIndex} and {@link #loadSnapshot} hold, so no batch can
     * be half-applied or land between reading the index and scanning the tables: replicas that report
     * the same index must report the same digest. Apply waits for the whole scan (the cost of a
     * snapshot write, without the I/O), so call it rarely.
     */
    public AppliedDigest digestAtApplied() {
        synchronized (applyLock) {
            return new AppliedDigest(lastAppliedIndex, StateDigest.compute(tables));
        }
    }

    /** Rows per table name (the subject index included), in digest order. */
    public Map<String, Long> tableRows() {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (OffHeapTable t : tables.all()) {
            rows.put(t.name(), t.rows());
        }
        return rows;
    }

    /** Rows of every replicated table (what a snapshot holds; the derived subject index left out). */
    public long totalRows() {
        long rows = 0;
        for (OffHeapTable t : tables.replicated()) {
            rows += t.rows();
        }
        for (HeapTable t : tables.bundles().tables()) {
            rows += t.rows();
        }
        return rows;
    }

    /** Native memory held by the tables, in bytes (for metrics). */
    public long offHeapBytes() {
        long bytes = 0;
        for (OffHeapTable t : tables.all()) {
            bytes += t.offHeapBytes();
        }
        return bytes;
    }

    /** Releases the off-heap tables. Idempotent; no other method may be called afterwards. */
    @Override
    public void close() {
        synchronized (applyLock) {
            if (!closed) {
                closed = true;
                cancelOpenCapture();
                tables.close();
            }
        }
    }
}
