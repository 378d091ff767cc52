package io.bulwark.node.write;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Tells the followers about the leader's latest commit soon after writes stop, so a revocation is
 * applied on every member within milliseconds of its acknowledgement even when no write follows it.
 *
 * <p>Ratis sends a follower the leader's commit index only with the next entry or heartbeat; it used
 * to append a metadata entry after every commit, which carried it at once but cost a log entry per
 * batch (Bulwark turns those off: docs/PERFORMANCE.md, "Write path"). Without it, the last write of
 * a burst reached the followers' state only at the next heartbeat, up to half an election timeout
 * later. So when the leader's group commit goes idle, this waits {@code delayMs} and, if it is still
 * idle and this node still leads, sends a heartbeat round (a Raft ReadIndex, which makes the leader
 * heartbeat every follower with its commit index). Under steady load the batcher is never idle and
 * the next entry carries the commit index instead; nothing is sent.
 *
 * <p>Thread-safe; at most one beacon is pending at a time.
 */
public final class CommitBeacon implements Runnable {

    private final ScheduledExecutorService timer;
    private final long delayMs;
    private final BooleanSupplier idle;
    private final BooleanSupplier isLeader;
    private final Supplier<CompletableFuture<?>> heartbeat;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();

    /**
     * @param timer     runs the delayed check
     * @param delayMs   how long the batcher must stay idle first (a write arriving meanwhile carries the commit)
     * @param idle      whether the group commit has nothing queued or replicating
     * @param isLeader  whether this node leads
     * @param heartbeat starts a round that carries the commit index to every follower
     */
    public CommitBeacon(ScheduledExecutorService timer, long delayMs, BooleanSupplier idle, BooleanSupplier isLeader,
                        Supplier<CompletableFuture<?>> heartbeat) {
        this.timer = timer;
        this.delayMs = delayMs;
        this.idle = idle;
        this.isLeader = isLeader;
        this.heartbeat = heartbeat;
    }

    /** The batcher went idle: arm the beacon (no-op when one is pending). */
    @Override
    public void run() {
        if (armed.compareAndSet(false, true)) {
            try {
                timer.schedule(this::fire, delayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                armed.set(false); // shutting down
            }
        }
    }

    /** Heartbeat rounds sent so far (for tests and status). */
    public long sent() {
        return sent.sum();
    }

    private void fire() {
        armed.set(false);
        if (idle.getAsBoolean() && isLeader.getAsBoolean()) {
            sent.increment();
            // Best effort: a failed round only means the commit travels with the next heartbeat.
            heartbeat.get().exceptionally(e -> null);
        }
    }
}
