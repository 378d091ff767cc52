package io.bulwark.node.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.snapshot.StateCapture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Adapts {@link BulwarkState} to Ratis.
 *
 * <ul>
 *   <li>{@link #startTransaction} (leader only) decodes the {@link CommandBatch} and runs
 *       {@link BatchCheck}: a malformed batch fails the client call and never reaches the log.</li>
 *   <li>{@link #applyTransaction} (every replica, log order, one thread) applies the batch and replies
 *       with the serialized {@link BatchResult}; Raft entries that are not batches (configuration,
 *       leader no-ops) still advance the applied index through {@link #notifyTermIndexUpdated}.</li>
 *   <li>{@link #query} answers ReadIndex reads with the applied index; Ratis calls it only after this
 *       replica applied everything the leader had committed when the read began.</li>
 *   <li>{@link #takeSnapshot} starts a snapshot on the writer thread and reports it to Ratis once it
 *       is durable (below); {@link #initialize} and {@link #reinitialize} (after a snapshot was
 *       installed from the leader) load the latest one.</li>
 * </ul>
 *
 * <p><b>Snapshots do not stop apply.</b> Writing one at ≈ 650k rows held apply off for 2.4–2.8 s on
 * every member at once (they reach the threshold at the same index), which was the write path's
 * worst latency and the tail of revocation propagation (docs/PERFORMANCE.md). Now the state is
 * captured between two entries ({@link BulwarkState#beginSnapshot}, microseconds) and the writer
 * thread streams it while apply goes on. Ratis is told a snapshot index only once that file is
 * fsynced and renamed, because Ratis purges the log up to the index it is told: while a write is in
 * progress {@link #takeSnapshot} returns -1 (Ratis asks again after the next entries, cheaply), and
 * the first call after the write returns its index. One snapshot is written at a time.
 */
public final class BulwarkStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkStateMachine.class);

    private final BulwarkState state;
    private final LongConsumer appliedListener;
    private final Consumer<Throwable> logFailureListener;
    private final SnapshotStorage storage = new SnapshotStorage();
    /** Writes snapshots, one at a time, off the apply thread. */
    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "bulwark-snapshot-writer");
        t.setDaemon(true);
        return t;
    });
    /** Snapshot tasks queued or running on {@link #snapshotWriter}. */
    private final AtomicInteger snapshotTasks = new AtomicInteger();
    /** The highest snapshot index Ratis was told (it purges its log up to it). Updater thread, and (re)initialize. */
    private volatile long reportedSnapshotIndex;
    /** When automatic snapshots may start (log growth, stagger, retry after a failure). */
    private final AutoSnapshotGate autoSnapshots;
    /** When each recent index was applied here (not indexes reached by loading a snapshot). */
    private final ApplyTimes applyTimes = new ApplyTimes();
    private volatile boolean loaded;
    /**
     * The latest snapshot on disk, null when there is none. Kept here because Ratis asks for it on every
     * AppendEntries a follower handles, and {@link SimpleStateMachineStorage} lists the snapshot directory
     * on each call while it has no snapshot (seen in a JFR profile of a fresh cluster under writes). Set
     * when a snapshot is loaded, written or installed; Ratis never adds one behind our back.
     */
    private volatile SingleFileSnapshotInfo latestSnapshot;

    /**
     * @param state              the replica's tables (opened empty; filled from the latest snapshot here)
     * @param appliedListener    told every applied index, e.g. to wake AT_LEAST readers; must not block
     * @param logFailureListener told once Ratis could not write this member's log (e.g. the disk is full);
     *                           must not block. Ratis marks the log failed for good: every later append
     *                           fails too, so the replica can never advance again until restarted.
     */
    public BulwarkStateMachine(BulwarkState state, LongConsumer appliedListener, Consumer<Throwable> logFailureListener) {
        this(state, appliedListener, logFailureListener, 0, 0);
    }

    /**
     * As above; {@code snapshotStaggerEntries} more entries than Ratis' auto-snapshot threshold pass
     * before this member starts a snapshot, so that members given different values do not all write
     * one at the same index (0: start at the threshold); and an automatic snapshot also waits until
     * the commands applied since the latest one reach {@code snapshotLogPercent} percent of the rows
     * that one held (0: no such wait).
     */
    public BulwarkStateMachine(BulwarkState state, LongConsumer appliedListener, Consumer<Throwable> logFailureListener,
                               long snapshotStaggerEntries, long snapshotLogPercent) {
        this.autoSnapshots = new AutoSnapshotGate(snapshotStaggerEntries, snapshotLogPercent);
        this.state = state;
        this.appliedListener = appliedListener;
        this.logFailureListener = logFailureListener;
    }

    /**
     * Ratis could not write the log (ENOSPC, an I/O error). Its log worker then fails every later write
     * as well while the server keeps running and keeps answering heartbeats, so without this the node
     * would keep serving LOCAL reads from a replica that silently stopped advancing, with its leader
     * contact looking fresh. The listener makes the node fail-stop instead.
     */
    @Override
    public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
        LOG.error("Raft log write failed{}: {}", failedEntry == null ? "" : " at index " + failedEntry.getIndex(),
                String.valueOf(cause));
        logFailureListener.accept(cause);
    }

    /** Whether the state was restored from disk and the node may serve. */
    public boolean isLoaded() {
        return loaded;
    }

    /** When this replica applied its recent log indexes. */
    public ApplyTimes applyTimes() {
        return applyTimes;
    }

    /** Index of the latest snapshot on disk, 0 when none. */
    public long latestSnapshotIndex() {
        final SingleFileSnapshotInfo s = latestSnapshot;
        return s == null ? 0 : s.getIndex();
    }

    @Override
    public SingleFileSnapshotInfo getLatestSnapshot() {
        return latestSnapshot;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    @Override
    public synchronized void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
            throws IOException {
        // Lifecycle NEW -> STARTING -> RUNNING: Ratis pauses (RUNNING -> PAUSED) before installing a snapshot.
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            storage.init(raftStorage);
            latestSnapshot = storage.getLatestSnapshot();
            loadLatest(latestSnapshot);
            reportedSnapshotIndex = latestSnapshotIndex();
        });
        loaded = true;
    }

    @Override
    public synchronized void pause() {
        // Ratis pauses before it installs a snapshot from the leader into our directory: a write of
        // our own in progress is cancelled (loading the installed one would cancel it anyway).
        state.cancelSnapshot();
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    @Override
    public synchronized void reinitialize() throws IOException {
        // Called (paused) after Ratis installed a snapshot from the leader into our directory.
        final SingleFileSnapshotInfo installed = storage.loadLatestSnapshot();
        latestSnapshot = installed;
        LOG.info("snapshot installed from the leader: reloading state from {}",
                installed == null ? "nothing" : installed.getTermIndex());
        loadLatest(installed);
        reportedSnapshotIndex = latestSnapshotIndex();
        if (getLifeCycleState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    private void loadLatest(SingleFileSnapshotInfo snapshot) throws IOException {
        if (snapshot == null) {
            LOG.info("no snapshot on disk: starting from an empty state and the log");
            return;
        }
        final long t0 = System.nanoTime();
        final long index = SnapshotFiles.load(snapshot, state);
        setLastAppliedTermIndex(snapshot.getTermIndex());
        autoSnapshots.snapshotTaken(autoSnapshots.commandsApplied(), state.totalRows());
        appliedListener.accept(index);
        LOG.info("loaded snapshot {} (index {}) in {} ms", snapshot.getFile().getPath().getFileName(), index,
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        final TransactionContext.Builder trx = TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request);
        final CommandBatch batch;
        try {
            batch = CommandBatch.parseFrom(request.getMessage().getContent().asReadOnlyByteBuffer());
        } catch (InvalidProtocolBufferException e) {
            final TransactionContext rejected = trx.build();
            rejected.setException(new StateMachineException("not a CommandBatch: " + e.getMessage()));
            return rejected;
        }
        final String problem = BatchCheck.problem(batch);
        final TransactionContext ctx = trx.build();
        if (problem != null) {
            ctx.setException(new StateMachineException("rejected batch: " + problem));
            return ctx;
        }
        // The leader applies from the decoded batch instead of decoding the log entry again.
        ctx.setStateMachineContext(batch);
        return ctx;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        final LogEntryProto entry = trx.getLogEntry();
        final long index = entry.getIndex();
        CommandBatch batch = trx.getStateMachineContext() instanceof CommandBatch b ? b : null;
        try {
            if (batch == null) {
                batch = CommandBatch.parseFrom(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
            }
            final BatchResult result = state.apply(index, batch);
            autoSnapshots.applied(batch.getCommandsCount());
            updateLastAppliedTermIndex(entry.getTerm(), index);
            applyTimes.record(index);
            appliedListener.accept(index);
            return CompletableFuture.completedFuture(Message.valueOf(toRatis(result.toByteArray())));
        } catch (RuntimeException | InvalidProtocolBufferException e) {
            // An exception in apply means this replica can no longer follow the log deterministically.
            LOG.error("apply failed at index {}: replica is broken", index, e);
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        state.advanceAppliedIndex(index);
        applyTimes.record(index);
        appliedListener.accept(index);
    }

    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(toRatis(longBytes(state.lastAppliedIndex()))));
    }

    /**
     * Called by Ratis on its apply thread once {@code raft.server.snapshot.auto.trigger.threshold}
     * entries were applied since the last index reported here, and then after every further batch
     * until a new one is reported. Returns a snapshot index only once that snapshot is durable
     * (Ratis purges its log up to it), -1 otherwise. Starts a write when none is queued and
     * {@link AutoSnapshotGate} allows: the log has grown in proportion to the latest snapshot (a
     * snapshot rewrites every row, so its cost per write must not grow with the state), this
     * member's stagger has passed (every member reaches the threshold at the same index, and three
     * snapshot writers starting together took the CPU from apply on all of them at once, where a
     * commit needs only two members to keep up), and no write failed in the last 10 s.
     */
    @Override
    public long takeSnapshot() {
        final long durable = latestSnapshotIndex();
        if (durable > reportedSnapshotIndex) {
            reportedSnapshotIndex = durable;
            return durable;
        }
        final TermIndex last = getLastAppliedTermIndex();
        if (snapshotTasks.get() == 0 && autoSnapshots.mayStart(last == null ? 0 : last.getIndex(), System.nanoTime())) {
            snapshotNow();
        }
        return -1;
    }

    /**
     * Writes a snapshot of the state as applied when the writer thread gets to it (after any write
     * already queued), off the apply thread; completes with its index once it is on disk. With
     * nothing applied since the latest snapshot, completes with that one's index without writing.
     */
    public CompletableFuture<Long> snapshotNow() {
        snapshotTasks.incrementAndGet();
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return writeSnapshot();
                } catch (IOException e) {
                    throw new CompletionException(e);
                } finally {
                    snapshotTasks.decrementAndGet();
                }
            }, snapshotWriter);
        } catch (RejectedExecutionException e) {
            snapshotTasks.decrementAndGet();
            return CompletableFuture.failedFuture(new IOException("state machine is closed", e));
        }
    }

    private long writeSnapshot() throws IOException {
        final TermIndex[] at = new TermIndex[1];
        StateCapture capture = null;
        // Ratis records an entry's term and index just after (apply) or before (configuration entries)
        // the state moves, so the two can differ for a moment: capture only where they agree.
        for (int attempt = 0; capture == null; attempt++) {
            capture = state.beginSnapshot(index -> {
                final TermIndex last = getLastAppliedTermIndex();
                at[0] = last;
                return last != null && last.getIndex() == index;
            });
            if (capture == null) {
                if (at[0] == null || at[0].getIndex() <= 0) {
                    return latestSnapshotIndex(); // nothing applied yet
                }
                if (attempt >= 10_000) {
                    throw new IOException("could not capture the state: Raft's applied index and the state's kept differing");
                }
                LockSupport.parkNanos(100_000);
            }
        }
        final long commandsAtCapture = autoSnapshots.commandsApplied();
        try (StateCapture c = capture) {
            final TermIndex termIndex = at[0];
            if (termIndex.getIndex() <= latestSnapshotIndex()) {
                return latestSnapshotIndex();
            }
            final long t0 = System.nanoTime();
            setLatestIfNewer(SnapshotFiles.write(storage, c, termIndex));
            storage.newSnapshotWritten();
            autoSnapshots.snapshotTaken(commandsAtCapture, c.rows());
            LOG.info("snapshot at {} ({} rows) written in {} ms while apply went on ({} rows kept for it)", termIndex,
                    c.rows(), (System.nanoTime() - t0) / 1_000_000, c.savedKeys());
            return termIndex.getIndex();
        } catch (CancellationException e) {
            LOG.info("snapshot at {} cancelled: {}", at[0], e.getMessage());
            throw new IOException("snapshot at " + at[0] + " cancelled: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            autoSnapshots.snapshotFailed(System.nanoTime());
            LOG.error("snapshot at {} failed (next automatic attempt in {} s at the earliest): {}", at[0],
                    TimeUnit.NANOSECONDS.toSeconds(AutoSnapshotGate.RETRY_NS), e.toString());
            throw e;
        }
    }

    /**
     * A write that ended while a leader's snapshot was being installed must not replace the installed
     * (newer) one as the latest.
     */
    private synchronized void setLatestIfNewer(SingleFileSnapshotInfo written) {
        if (latestSnapshot == null || written.getIndex() > latestSnapshot.getIndex()) {
            latestSnapshot = written;
        }
    }

    /** Stops the snapshot writer (cancelling a write in progress); Ratis closes the state machine on shutdown. */
    @Override
    public void close() throws IOException {
        state.cancelSnapshot();
        snapshotWriter.shutdownNow();
        try {
            if (!snapshotWriter.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("snapshot writer did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close();
    }

    /**
     * {@link SimpleStateMachineStorage} whose {@link #cleanupOldSnapshots} lists the directory only
     * after a new snapshot was written: Ratis calls it after every {@link #takeSnapshot}, which is
     * after every batch while a snapshot is being written.
     */
    private static final class SnapshotStorage extends SimpleStateMachineStorage {
        private final AtomicBoolean written = new AtomicBoolean();

        void newSnapshotWritten() {
            written.set(true);
        }

        @Override
        public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
            if (written.getAndSet(false)) {
                super.cleanupOldSnapshots(policy);
            }
        }
    }

    static ByteString toRatis(byte[] bytes) {
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
