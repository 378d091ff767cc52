package io.bulwark.node;

import io.bulwark.node.api.ApiServer;
import io.bulwark.node.api.EdgeCommands;
import io.bulwark.node.api.ReadCoordinator;
import io.bulwark.node.config.NodeConfig;
import io.bulwark.node.config.NodeConfigReader;
import io.bulwark.node.raft.BulwarkStateMachine;
import io.bulwark.node.raft.RaftNode;
import io.bulwark.node.read.IndexWaiters;
import io.bulwark.node.read.LeaderContact;
import io.bulwark.node.read.ReadIndexBatcher;
import io.bulwark.node.write.CommandBatcher;
import io.bulwark.node.write.CommitBeacon;
import io.bulwark.node.write.LeaderForwarder;
import io.bulwark.node.write.ReplicationException;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.policy.sign.KeyFiles;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.bundle.PolicySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One running node: state, Raft server, group commit, public API, and the periodic duties
 * (health, leader purge). {@link #start} brings them up in dependency order; {@link #close}
 * shuts down gracefully: stop accepting, drain in-flight calls, close Raft, close the state.
 */
public final class BulwarkNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulwarkNode.class);

    private final NodeConfig config;
    private final BulwarkState state;
    private final RaftNode raft;
    private final LeaderForwarder forwarder;
    private final CommandBatcher batcher;
    private final ApiServer api;
    private final IndexWaiters waiters;
    private final LeaderContact leaderContact;
    private final ScheduledExecutorService duties;
    /** The longest the commit beacon waits for every member to hold the committed entries (see {@link CommitBeacon}). */
    static final long COMMIT_BEACON_CAP_MS = 50;
    private final ExecutorService readCompletions;
    private final EdgeCommands edge;
    private final Clock clock;
    private final BulwarkStateMachine stateMachine;
    private volatile boolean closed;
    /** Completed (once) when this node can no longer write its Raft log: it must stop. */
    private final CompletableFuture<Throwable> storageFailure = new CompletableFuture<>();

    /**
     * The k-th of n members in {@code cluster.peers} waits k/n of the snapshot threshold past it before
     * it snapshots, so the members of a cluster write their snapshots at different times.
     */
    static long snapshotStagger(NodeConfig config) {
        final int n = config.peers().size();
        for (int k = 0; k < n; k++) {
            if (config.peers().get(k).id().equals(config.nodeId())) {
                return config.snapshotAutoThreshold() * k / n;
            }
        }
        return 0;
    }

    private BulwarkNode(NodeConfig config, Clock clock, LongSupplier monotonicMs) throws IOException {
        this.config = config;
        this.clock = clock;
        Files.createDirectories(config.dataDir());
        this.state = BulwarkState.open(config.state(), new PolicySettings(
                KeyFiles.readTrustedKeys(config.policyTrustedKeys()), config.policyVersionsKeep(),
                config.policyTokenCacheSize()));
        this.leaderContact = new LeaderContact(config.readsMaxStaleness().toMillis());
        this.waiters = new IndexWaiters(state::lastAppliedIndex);
        this.stateMachine = new BulwarkStateMachine(state, waiters::onApplied, this::storageFailed,
                snapshotStagger(config), config.snapshotAutoLogPercent());
        this.duties = Executors.newScheduledThreadPool(1, r -> daemon(r, "node-duties"));
        this.readCompletions = Executors.newFixedThreadPool(2, r -> daemon(r, "read-completions"));
        RaftNode startedRaft = null;
        try {
            startedRaft = RaftNode.start(config, stateMachine, leaderContact, monotonicMs);
        } catch (IOException | RuntimeException e) {
            state.close();
            throw e;
        }
        this.raft = startedRaft;
        // A follower hands its batches to the leader's group commit; the leader proposes through Raft.
        this.forwarder = new LeaderForwarder(config.nodeId(), raft::isLeader, raft::leaderApiAddress, raft,
                config.writesTimeout().toMillis());
        // When writes stop, the leader heartbeats its commit index to the followers (no metadata entries).
        final RaftNode raftNode = startedRaft;
        final CommitBeacon beacon = new CommitBeacon(duties, COMMIT_BEACON_CAP_MS, raftNode::isLeader,
                raftNode::whenAllHoldCommitted, raftNode::heartbeatCommitIndex, System::nanoTime);
        this.batcher = new CommandBatcher(forwarder, duties, config.writesBatchMaxCommands(), config.writesBatchMaxBytes(),
                config.writesBatchLinger().toNanos(), config.writesTimeout().toMillis(), config.writesBatchMaxInFlight(),
                beacon);
        final ReadCoordinator.LinearizableBarrier barrier;
        if (config.unsafeLinearizableReadsLocal()) {
            // Test-only: the chaos suite turns this on to prove its checkers catch stale "linearizable" reads.
            LOG.warn("UNSAFE: {}=true - LINEARIZABLE reads and checks are answered from local state WITHOUT "
                    + "ReadIndex and may be stale. TEST-ONLY; never run a real cluster like this.",
                    NodeConfigReader.UNSAFE_LINEARIZABLE_READS_LOCAL);
            barrier = () -> CompletableFuture.completedFuture(state.lastAppliedIndex());
        } else {
            // Concurrent LINEARIZABLE reads share ReadIndex rounds (the commit beacon keeps its own).
            barrier = new ReadIndexBatcher(raft::readIndex)::readIndex;
        }
        final ReadCoordinator reads = new ReadCoordinator(leaderContact, waiters, barrier, monotonicMs,
                config.readsWaitMax().toMillis(), readCompletions);
        this.edge = new EdgeCommands(config.nodeId(), config.sessionTtlMin().toMillis(),
                config.sessionTtlMax().toMillis(), config.revocationRetentionDefault().toMillis());
        this.api = new ApiServer(config, state, raft, batcher, leaderContact, reads, clock, monotonicMs);
    }

    /** Starts a node; returns once the API listens (the state is loaded; a leader may not be known yet). */
    public static BulwarkNode start(NodeConfig config) throws IOException {
        return start(config, Clock.systemUTC(), () -> System.nanoTime() / 1_000_000);
    }

    /** As {@link #start(NodeConfig)} with injected clocks (wall for command times, monotonic for staleness). */
    public static BulwarkNode start(NodeConfig config, Clock clock, LongSupplier monotonicMs) throws IOException {
        final BulwarkNode node = new BulwarkNode(config, clock, monotonicMs);
        try {
            node.api.start();
        } catch (IOException e) {
            node.close();
            throw e;
        }
        node.duties.scheduleWithFixedDelay(node::updateHealth, 0, 200, TimeUnit.MILLISECONDS);
        final long purgeMs = config.purgeInterval().toMillis();
        node.duties.scheduleWithFixedDelay(node::purgeIfLeader, purgeMs, purgeMs, TimeUnit.MILLISECONDS);
        LOG.info("bulwark-node {} serving the API on {}", config.nodeId(), config.apiListen());
        return node;
    }

    /**
     * Completes when this node's Raft log can no longer be written (e.g. its disk is full). Ratis keeps
     * such a member running but it can never append again, so its replica would silently stop
     * advancing; the process owner must stop the node (NodeMain exits with code 3) and restart it once
     * the cause is fixed, when it recovers from its log and snapshot and catches up.
     */
    public CompletableFuture<Throwable> storageFailure() {
        return storageFailure;
    }

    private void storageFailed(Throwable cause) {
        if (storageFailure.complete(cause) && api != null) {
            // Fail closed at once, before the owner stops the process: no new answers from this replica.
            api.setServing(false);
        }
    }

    /** The API port actually bound (useful with port 0 in tests). */
    public int apiPort() {
        return api.port();
    }

    private void updateHealth() {
        api.setServing(!closed && !storageFailure.isDone() && stateMachine.isLoaded() && raft.hasLeader());
    }

    /** Expiry is a replicated decision: only the leader proposes it, with its own clock. */
    private void purgeIfLeader() {
        if (closed || !raft.isLeader()) {
            return;
        }
        batcher.submit(edge.purgeExpired(clock.millis())).whenComplete((CommandResult r, Throwable e) -> {
            if (e != null) {
                LOG.debug("purge not applied: {}", e.toString());
            } else if (r.getPurgedRows() > 0) {
                LOG.info("purged {} expired rows at index {}", r.getPurgedRows(), r.getAppliedIndex());
            }
        });
    }

    /** Graceful shutdown; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("bulwark-node {} shutting down", config.nodeId());
        api.stopAccepting();
        try {
            if (!api.awaitDrained(config.shutdownGrace().toMillis())) {
                LOG.warn("in-flight calls still running after {}; cancelling them", config.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
        batcher.close();
        forwarder.close();
        duties.shutdownNow();
        raft.close();
        waiters.failAll(new ReplicationException(ReplicationException.Kind.NOT_READY, "node is shutting down"));
        readCompletions.shutdownNow();
        state.close();
        LOG.info("bulwark-node {} stopped", config.nodeId());
    }

    private static Thread daemon(Runnable r, String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
