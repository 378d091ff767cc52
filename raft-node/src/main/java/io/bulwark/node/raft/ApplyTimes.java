package io.bulwark.node.raft;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * When this replica applied each of its most recent {@link #CAPACITY} log indexes, so that
 * replication and revocation propagation can be measured inside the nodes (a leader's apply time
 * against its followers') instead of through client round trips whose own tail is larger than the
 * lag being measured (docs/PERFORMANCE.md, "Scale and recovery").
 *
 * <p>A ring indexed by {@code index mod CAPACITY}. The apply thread records a monotonic timestamp
 * (no allocation, one clock read per Raft entry, not per command); {@link #wallMicros} converts it
 * to the wall clock when asked, so a wall-clock step moves only answers given across it.
 *
 * <p>One writer (Ratis' apply thread), any number of readers. Each slot holds the index it describes next to the time; a writer marks the
 * slot torn while it rewrites it, and a reader that sees the mark, or another index, reports
 * "unknown" (0) instead of a wrong time.
 */
public final class ApplyTimes {

    /** Indexes remembered. A power of two. */
    public static final int CAPACITY = 1 << 14;
    private static final int MASK = CAPACITY - 1;
    private static final long TORN = -1;

    /** Slot i: [2i] = the index it describes (0 = empty, -1 = being written), [2i+1] = monotonic ns. */
    private final AtomicLongArray slots = new AtomicLongArray(2 * CAPACITY);
    private final LongSupplier monotonicNs;
    private final LongSupplier wallMicros;

    /** System clocks: {@link System#nanoTime()} when recording, the UTC wall clock when converting. */
    public ApplyTimes() {
        this(System::nanoTime, ApplyTimes::systemWallMicros);
    }

    /** With injected clocks (tests). */
    public ApplyTimes(LongSupplier monotonicNs, LongSupplier wallMicros) {
        this.monotonicNs = monotonicNs;
        this.wallMicros = wallMicros;
    }

    /**
     * Records that {@code index} was applied now. A second call for an index already recorded keeps
     * the first time.
     */
    public void record(long index) {
        if (index <= 0) {
            return;
        }
        final int slot = 2 * (int) (index & MASK);
        if (slots.get(slot) == index) {
            return;
        }
        final long now = monotonicNs.getAsLong();
        slots.set(slot, TORN);
        slots.set(slot + 1, now);
        slots.set(slot, index);
    }

    /**
     * Wall-clock microseconds since the epoch at which {@code index} was applied; 0 when this
     * replica has not recorded it or the record has moved on past it.
     */
    public long wallMicros(long index) {
        if (index <= 0) {
            return 0;
        }
        final int slot = 2 * (int) (index & MASK);
        final long before = slots.get(slot);
        final long at = slots.get(slot + 1);
        final long after = slots.get(slot);
        if (before != index || after != index) {
            return 0;
        }
        final long agoNs = monotonicNs.getAsLong() - at;
        return wallMicros.getAsLong() - agoNs / 1_000;
    }

    private static long systemWallMicros() {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
