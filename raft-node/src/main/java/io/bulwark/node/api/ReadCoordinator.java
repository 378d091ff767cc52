package io.bulwark.node.api;

import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.node.read.IndexWaiters;
import io.bulwark.node.read.LeaderContact;
import io.bulwark.node.write.ReplicationException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Decides when a read may run, per its consistency, without blocking the calling thread.
 *
 * <ul>
 *   <li>LOCAL (and UNSPECIFIED): now, unless the node is past its max staleness ({@link #isLocalFresh}).</li>
 *   <li>AT_LEAST(i): now if index i is applied, else when it is, bounded by min(deadline, reads.wait.max):
 *       DEADLINE_EXCEEDED when the caller's deadline bound the wait, UNAVAILABLE otherwise (another
 *       member may be fresher), reason INDEX_WAIT_TIMEOUT either way.</li>
 *   <li>LINEARIZABLE: after a Raft ReadIndex round through this node.</li>
 *   <li>an unknown number: INVALID_ARGUMENT UNKNOWN_ENUM_VALUE.</li>
 * </ul>
 */
public final class ReadCoordinator {

    /** A Raft ReadIndex round (implemented by the raft package). */
    public interface LinearizableBarrier {
        /** Completes once this replica reflects every write acknowledged before the call. */
        CompletableFuture<Long> readIndex();
    }

    private final LeaderContact leaderContact;
    private final IndexWaiters waiters;
    private final LinearizableBarrier barrier;
    private final LongSupplier monotonicMs;
    private final long waitMaxMs;
    /** Where deferred reads run: never the Raft apply thread that completed the wait. */
    private final Executor completions;

    public ReadCoordinator(LeaderContact leaderContact, IndexWaiters waiters, LinearizableBarrier barrier,
                           LongSupplier monotonicMs, long waitMaxMs, Executor completions) {
        this.leaderContact = leaderContact;
        this.waiters = waiters;
        this.barrier = barrier;
        this.monotonicMs = monotonicMs;
        this.waitMaxMs = waitMaxMs;
        this.completions = completions;
    }

    /** Whether LOCAL reads are served now. Reads one volatile; allocates nothing. */
    public boolean isLocalFresh() {
        return leaderContact.isFresh(monotonicMs.getAsLong());
    }

    /** The consistency requested, validated (UNSPECIFIED counts as LOCAL). */
    public static Consistency consistencyOf(ReadOptions read) {
        final Consistency c = Consistency.forNumber(read.getConsistencyValue());
        if (c == null) {
            throw ApiException.invalid(ErrorReason.UNKNOWN_ENUM_VALUE, "read.consistency",
                    "unknown consistency " + read.getConsistencyValue());
        }
        return c == Consistency.CONSISTENCY_UNSPECIFIED ? Consistency.CONSISTENCY_LOCAL : c;
    }

    /** The error a LOCAL read gets past max staleness. */
    public ApiException staleError() {
        return new ApiException(Status.Code.UNAVAILABLE, ErrorReason.STALE_REPLICA,
                "no leader contact within " + leaderContact.maxStalenessMs() + " ms; try another member",
                Map.of("max_staleness_ms", Long.toString(leaderContact.maxStalenessMs())));
    }

    /**
     * Runs {@code read} once {@code options} allow and completes the returned future with its
     * result (or the read's error). LOCAL and satisfied AT_LEAST reads run on the calling thread.
     */
    public <T> CompletableFuture<T> read(ReadOptions options, Supplier<T> read) {
        final Consistency c = consistencyOf(options);
        switch (c) {
            case CONSISTENCY_LOCAL -> {
                if (!isLocalFresh()) {
                    throw staleError();
                }
                return CompletableFuture.completedFuture(read.get());
            }
            case CONSISTENCY_AT_LEAST -> {
                final long waitMs = boundedWaitMs();
                final CompletableFuture<Void> ready = waiters.await(options.getMinIndex(), waitMs);
                if (ready.isDone() && !ready.isCompletedExceptionally()) {
                    return CompletableFuture.completedFuture(read.get());
                }
                final boolean deadlineBound = waitMs < waitMaxMs;
                return ready.handleAsync((v, e) -> {
                    if (e != null) {
                        throw indexWaitError(e, options.getMinIndex(), deadlineBound);
                    }
                    return read.get();
                }, completions);
            }
            case CONSISTENCY_LINEARIZABLE -> {
                return barrier.readIndex()
                        .orTimeout(boundedWaitMs(), TimeUnit.MILLISECONDS)
                        .handleAsync((v, e) -> {
                            if (e != null) {
                                throw e instanceof TimeoutException || e.getCause() instanceof TimeoutException
                                        ? new ReplicationException(ReplicationException.Kind.NO_LEADER,
                                        "ReadIndex not answered in time")
                                        : asRuntime(e);
                            }
                            return read.get();
                        }, completions);
            }
            default -> throw ApiException.invalid(ErrorReason.UNKNOWN_ENUM_VALUE, "read.consistency",
                    "unknown consistency " + options.getConsistencyValue());
        }
    }

    private long boundedWaitMs() {
        final Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return waitMaxMs;
        }
        // Answer before the caller's deadline, so it gets our reason rather than a bare timeout. The
        // margin covers the timer, the completion executor and the reply on a loaded box: 50 ms
        // was not enough on 2 shared cores (CI saw the client's deadline win at 500 ms).
        final long left = deadline.timeRemaining(TimeUnit.MILLISECONDS);
        return Math.max(1, Math.min(left - Math.min(250, left / 4), waitMaxMs));
    }

    private static RuntimeException indexWaitError(Throwable e, long minIndex, boolean deadlineBound) {
        final Throwable cause = e.getCause() != null && !(e instanceof TimeoutException) ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            return new ApiException(deadlineBound ? Status.Code.DEADLINE_EXCEEDED : Status.Code.UNAVAILABLE,
                    ErrorReason.INDEX_WAIT_TIMEOUT, "index " + minIndex + " not applied in time",
                    Map.of("min_index", Long.toString(minIndex)));
        }
        return asRuntime(cause);
    }

    private static RuntimeException asRuntime(Throwable e) {
        Throwable t = e;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new ReplicationException(ReplicationException.Kind.INTERNAL, t.toString(), t);
    }
}
