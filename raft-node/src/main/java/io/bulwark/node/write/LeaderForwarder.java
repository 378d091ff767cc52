package io.bulwark.node.write;

import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.ForwardFailure;
import io.bulwark.replication.v1.ForwardReply;
import io.bulwark.replication.v1.ForwardRequest;
import io.bulwark.replication.v1.ForwardServiceGrpc;
import io.bulwark.replication.v1.ForwardedResult;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Routes this node's group-commit batches: proposed through Raft when this node leads, otherwise
 * handed to the leader's {@code ForwardService}, which packs the commands into the leader's own
 * batches. Before this, a follower proposed every batch as its own Raft entry through its own Raft
 * client, and writes sent to followers ran ≈ 5× slower than writes sent to the leader
 * (docs/PERFORMANCE.md, "Write path").
 *
 * <p>When forwarding cannot be decided safely it falls back to the Raft proposal, which finds the
 * leader itself: no leader known yet, a batch holding a leader-only command (purge), or the
 * target answering FAILED_PRECONDITION (it no longer leads; it touched nothing). Any other
 * failure of the call leaves it unknown whether the leader applied the commands, so the batch
 * fails with {@link ReplicationException.Kind#NO_LEADER} and the client retries with its request
 * id, which the state machine applies once.
 *
 * <p>Thread-safe; never blocks. Channels to leaders are opened lazily and kept until {@link #close}.
 */
public final class LeaderForwarder implements BatchProposer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderForwarder.class);

    private final String selfId;
    private final BooleanSupplier isLeader;
    private final Supplier<String> leaderApiAddress;
    private final BatchProposer raft;
    private final long timeoutMs;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final LongAdder forwardedBatches = new LongAdder();
    private final LongAdder raftBatches = new LongAdder();
    private volatile boolean closed;

    /**
     * @param selfId           this node's Raft peer id (sent as {@code from_node})
     * @param isLeader         whether this node leads now
     * @param leaderApiAddress the leader's API address ({@code host:port}), null when unknown
     * @param raft             proposes a batch through Raft (the leader's path, and the fallback)
     * @param timeoutMs        deadline of one forward call (the write timeout)
     */
    public LeaderForwarder(String selfId, BooleanSupplier isLeader, Supplier<String> leaderApiAddress,
                           BatchProposer raft, long timeoutMs) {
        this.selfId = selfId;
        this.isLeader = isLeader;
        this.leaderApiAddress = leaderApiAddress;
        this.raft = raft;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public CompletableFuture<BatchResult> propose(CommandBatch batch) {
        if (closed || isLeader.getAsBoolean() || !forwardable(batch)) {
            return viaRaft(batch);
        }
        final String leader = leaderApiAddress.get();
        if (leader == null) {
            return viaRaft(batch);
        }
        final CompletableFuture<BatchResult> done = new CompletableFuture<>();
        final ForwardRequest request = ForwardRequest.newBuilder().setBatch(batch).setFromNode(selfId).build();
        ForwardServiceGrpc.newStub(channel(leader))
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                .forward(request, new StreamObserver<>() {
                    @Override
                    public void onNext(ForwardReply reply) {
                        complete(done, batch, reply);
                    }

                    @Override
                    public void onError(Throwable t) {
                        final Status status = Status.fromThrowable(t);
                        if (status.getCode() == Status.Code.FAILED_PRECONDITION) {
                            // The target no longer leads and proposed nothing: Raft finds the leader.
                            viaRaft(batch).whenComplete((r, e) -> {
                                if (e != null) {
                                    done.completeExceptionally(e);
                                } else {
                                    done.complete(r);
                                }
                            });
                            return;
                        }
                        final ReplicationException.Kind kind = status.getCode() == Status.Code.DEADLINE_EXCEEDED
                                ? ReplicationException.Kind.TIMEOUT : ReplicationException.Kind.NO_LEADER;
                        done.completeExceptionally(new ReplicationException(kind,
                                "forward to leader failed: " + status.getCode(), t));
                    }

                    @Override
                    public void onCompleted() {
                        // onNext completed the future; a call without a reply is caught by complete's count check.
                        if (!done.isDone()) {
                            done.completeExceptionally(new ReplicationException(ReplicationException.Kind.INTERNAL,
                                    "forward call ended without a reply"));
                        }
                    }
                });
        forwardedBatches.increment();
        return done;
    }

    /** Batches sent to the leader's ForwardService so far (for status and tests). */
    public long forwardedBatches() {
        return forwardedBatches.sum();
    }

    /** Batches proposed through Raft by this node so far (as leader, or as the fallback). */
    public long raftBatches() {
        return raftBatches.sum();
    }

    @Override
    public void close() {
        closed = true;
        for (ManagedChannel ch : channels.values()) {
            ch.shutdownNow();
        }
        channels.clear();
    }

    private CompletableFuture<BatchResult> viaRaft(CommandBatch batch) {
        raftBatches.increment();
        return raft.propose(batch);
    }

    /** Only client writes travel to another node; leader duties are proposed by the leader itself. */
    static boolean forwardable(CommandBatch batch) {
        for (int i = 0; i < batch.getCommandsCount(); i++) {
            if (batch.getCommands(i).getBodyCase() == Command.BodyCase.PURGE_EXPIRED) {
                return false;
            }
        }
        return true;
    }

    /**
     * The whole batch succeeds only when every command was applied; a command the leader could not
     * replicate fails the batch with its kind (the others' clients see the same retryable error and
     * their retries are answered from the request-id ledger).
     */
    private static void complete(CompletableFuture<BatchResult> done, CommandBatch batch, ForwardReply reply) {
        if (reply.getResultsCount() != batch.getCommandsCount()) {
            done.completeExceptionally(new ReplicationException(ReplicationException.Kind.INTERNAL,
                    "forwarded " + batch.getCommandsCount() + " commands, got " + reply.getResultsCount() + " outcomes"));
            return;
        }
        final BatchResult.Builder result = BatchResult.newBuilder();
        for (int i = 0; i < reply.getResultsCount(); i++) {
            final ForwardedResult r = reply.getResults(i);
            if (r.hasFailure()) {
                done.completeExceptionally(failure(r.getFailure()));
                return;
            }
            result.addResults(r.getResult());
        }
        done.complete(result.build());
    }

    static ReplicationException failure(ForwardFailure f) {
        final ReplicationException.Kind kind = switch (f.getKind()) {
            case FORWARD_FAILURE_KIND_TIMEOUT -> ReplicationException.Kind.TIMEOUT;
            case FORWARD_FAILURE_KIND_NOT_READY -> ReplicationException.Kind.NOT_READY;
            case FORWARD_FAILURE_KIND_REJECTED -> ReplicationException.Kind.REJECTED;
            case FORWARD_FAILURE_KIND_INTERNAL -> ReplicationException.Kind.INTERNAL;
            default -> ReplicationException.Kind.NO_LEADER;
        };
        return new ReplicationException(kind, "leader: " + f.getDetail());
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> {
            LOG.info("forwarding writes to the leader's API at {}", a);
            // Plaintext like every other hop today; mTLS between nodes is a tracked gap (DESIGN.md, Security).
            return NettyChannelBuilder.forTarget(a).usePlaintext().directExecutor().build();
        });
    }
}
