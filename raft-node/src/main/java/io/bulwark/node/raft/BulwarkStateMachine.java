package io.bulwark.node.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.state.BulwarkState;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
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
import java.util.concurrent.CompletableFuture;
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
 *   <li>{@link #takeSnapshot} writes {@code snapshot.<term>_<index>} + MD5; {@link #initialize} and
 *       {@link #reinitialize} (after a snapshot was installed from the leader) load the latest one.</li>
 * </ul>
 *
 * <p>Ratis calls apply and takeSnapshot from the same updater thread, so a snapshot always sees a
 * whole number of batches without an explicit pause.
 */
public final class BulwarkStateMachine extends BaseStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkStateMachine.class);

    private final BulwarkState state;
    private final LongConsumer appliedListener;
    private final Consumer<Throwable> logFailureListener;
    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
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
        });
        loaded = true;
    }

    @Override
    public synchronized void pause() {
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

    @Override
    public long takeSnapshot() throws IOException {
        final TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() <= 0) {
            return -1;
        }
        final long stateIndex = state.lastAppliedIndex();
        if (stateIndex != last.getIndex()) {
            throw new IOException("state applied index " + stateIndex + " differs from Raft's " + last);
        }
        final long t0 = System.nanoTime();
        latestSnapshot = SnapshotFiles.write(storage, state, last);
        LOG.info("snapshot at {} written in {} ms", last, (System.nanoTime() - t0) / 1_000_000);
        return last.getIndex();
    }

    static ByteString toRatis(byte[] bytes) {
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
