package io.bulwark.node.write;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells the followers about the leader's latest commit as soon as they can use it, so a revocation
 * is applied on every member within milliseconds of its acknowledgement even when no write follows.
 *
 * <p>Ratis sends a follower the leader's commit index only with the next entry or heartbeat; it used
 * to append a metadata entry after every commit, which carried it at once but cost a log entry per
 * batch (Bulwark turns those off: docs/PERFORMANCE.md, "Write path"). Without it, the last write of
 * a burst reached the followers' state only at the next heartbeat, up to half an election timeout
 * later. So when the leader's group commit goes idle, the beacon sends a heartbeat round (a Raft
 * ReadIndex, which makes the leader heartbeat every follower with its commit index).
 *
 * <p>It sends that round only once <em>every</em> member holds the committed entries ({@code
 * allHold}), not at the commit: the commit needs only the fastest follower, and a heartbeat reaching
 * the slower one before it has flushed the entry is wasted (a follower commits no further than it has
 * flushed, and Ratis sends no usable position while an entry to that follower is unacknowledged).
 * Ratis also answers a second ReadIndex at the same commit index without heartbeating, so the one
 * round has to come late enough for all. Measured in docs/PERFORMANCE.md ("Scale and recovery"):
 * sending at the commit left a fifth of the samples waiting for the next entry.
 *
 * <p>If the members do not all hold the entries within {@code capMs} (a follower is down or far
 * behind), the round goes out anyway for the others, and for the next second rounds go out at once
 * without waiting, so a dead follower costs the live one at most {@code capMs} once a second.
 *
 * <p>Under steady load the batcher is never idle and the next entry carries the commit index; nothing
 * is sent. Thread-safe; at most one wait is pending at a time, and a request arriving meanwhile is
 * served by another round after it.
 */
public final class CommitBeacon implements Runnable {

    /** How long rounds skip the wait after one timed out. */
    static final long NO_WAIT_AFTER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private final ScheduledExecutorService timer;
    private final long capMs;
    private final BooleanSupplier isLeader;
    private final Supplier<CompletableFuture<?>> allHold;
    private final Supplier<CompletableFuture<?>> heartbeat;
    private final LongSupplier nanoTime;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private volatile long noWaitUntilNs;

    /**
     * @param timer     runs the waits and the rounds (never the caller's thread)
     * @param capMs     the longest wait for every member to hold the committed entries
     * @param isLeader  whether this node leads
     * @param allHold   completes once every member holds the entries committed when it was called
     * @param heartbeat starts a round that carries the commit index to every follower
     * @param nanoTime  a monotonic clock
     */
    public CommitBeacon(ScheduledExecutorService timer, long capMs, BooleanSupplier isLeader,
                        Supplier<CompletableFuture<?>> allHold, Supplier<CompletableFuture<?>> heartbeat,
                        LongSupplier nanoTime) {
        if (capMs < 1) {
            throw new IllegalArgumentException("capMs must be >= 1, was " + capMs);
        }
        this.timer = timer;
        this.capMs = capMs;
        this.isLeader = isLeader;
        this.allHold = allHold;
        this.heartbeat = heartbeat;
        this.nanoTime = nanoTime;
        this.noWaitUntilNs = nanoTime.getAsLong();
    }

    /** The batcher went idle: start a round (or, while one is pending, ask for another after it). */
    @Override
    public void run() {
        again.set(true);
        if (armed.compareAndSet(false, true)) {
            execute(this::start);
        }
    }

    /** Heartbeat rounds sent so far (for tests and status). */
    public long sent() {
        return sent.sum();
    }

    /** Rounds sent without every member holding the entries, because the wait hit the cap. */
    public long timedOut() {
        return timedOut.sum();
    }

    private void start() {
        again.set(false);
        if (!isLeader.getAsBoolean()) {
            finish();
            return;
        }
        if (nanoTime.getAsLong() - noWaitUntilNs < 0) {
            fire();
            return;
        }
        final CompletableFuture<?> ready;
        try {
            ready = allHold.get();
        } catch (RuntimeException e) {
            fire();
            return;
        }
        final AtomicBoolean decided = new AtomicBoolean();
        final ScheduledFuture<?> cap;
        try {
            cap = timer.schedule(() -> {
                if (decided.compareAndSet(false, true)) {
                    timedOut.increment();
                    noWaitUntilNs = nanoTime.getAsLong() + NO_WAIT_AFTER_TIMEOUT_NS;
                    fire();
                }
            }, capMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            armed.set(false); // shutting down
            return;
        }
        // Whether the wait succeeded or failed (leadership moved, a watch refused), a round is due now.
        ready.whenComplete((v, e) -> {
            if (decided.compareAndSet(false, true)) {
                cap.cancel(false);
                execute(this::fire);
            }
        });
    }

    private void fire() {
        if (isLeader.getAsBoolean()) {
            sent.increment();
            try {
                // Best effort: a failed round only means the commit travels with the next entry or heartbeat.
                heartbeat.get().exceptionally(e -> null);
            } catch (RuntimeException e) {
                // same
            }
        }
        finish();
    }

    private void finish() {
        armed.set(false);
        // A request that came while this round was pending gets a round of its own (later entries).
        if (again.get() && armed.compareAndSet(false, true)) {
            execute(this::start);
        }
    }

    private void execute(Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            armed.set(false); // shutting down
        }
    }
}
