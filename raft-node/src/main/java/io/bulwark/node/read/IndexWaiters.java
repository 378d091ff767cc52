package io.bulwark.node.read;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Lets a read wait until the local replica has applied a given index, without blocking a thread:
 * waiters get a future that the apply thread completes through {@link #onApplied(long)}.
 *
 * <p>Waiters for the same index share one internal future; each caller receives its own dependent
 * copy carrying its own timeout, so one caller's timeout never fails another. A timed-out index
 * with no remaining dependents is dropped, so unreachable indexes cannot pile up.
 */
public final class IndexWaiters {

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final LongSupplier appliedIndex;
    private final TreeMap<Long, Waiters> waiting = new TreeMap<>();
    /** Lowest waited-for index, read by the apply thread without the lock to skip work when nobody waits. */
    private volatile long lowestWaited = Long.MAX_VALUE;

    /** @param appliedIndex the replica's last applied index (read under the registry lock to close the race with apply) */
    public IndexWaiters(LongSupplier appliedIndex) {
        this.appliedIndex = appliedIndex;
    }

    /**
     * A future completed once {@code index} is applied, or exceptionally with a
     * {@link java.util.concurrent.TimeoutException} after {@code timeoutMs}. Returns an already
     * completed future (no allocation) when the index is applied already.
     */
    public CompletableFuture<Void> await(long index, long timeoutMs) {
        if (appliedIndex.getAsLong() >= index) {
            return DONE;
        }
        final Waiters shared;
        synchronized (waiting) {
            if (appliedIndex.getAsLong() >= index) {
                return DONE;
            }
            shared = waiting.computeIfAbsent(index, i -> new Waiters());
            shared.count++;
            if (index < lowestWaited) {
                lowestWaited = index;
            }
        }
        // The apply thread may have moved past `index` after our check but before it could see our
        // registration (it skips the lock when nobody seemed to wait): re-check and complete it ourselves.
        final long appliedNow = appliedIndex.getAsLong();
        if (appliedNow >= index) {
            onApplied(appliedNow);
        }
        final CompletableFuture<Void> mine = shared.future.copy().orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        mine.whenComplete((v, e) -> {
            if (e != null) {
                dropIfUnwanted(index, shared);
            }
        });
        return mine;
    }

    /** Called by the apply thread after {@code index} (and everything before it) is applied. */
    public void onApplied(long index) {
        if (index < lowestWaited) {
            return;
        }
        synchronized (waiting) {
            final Iterator<Map.Entry<Long, Waiters>> it = waiting.headMap(index, true).entrySet().iterator();
            while (it.hasNext()) {
                it.next().getValue().future.complete(null);
                it.remove();
            }
            lowestWaited = waiting.isEmpty() ? Long.MAX_VALUE : waiting.firstKey();
        }
    }

    /** Fails every waiter, e.g. on shutdown. */
    public void failAll(Throwable cause) {
        synchronized (waiting) {
            for (Waiters w : waiting.values()) {
                w.future.completeExceptionally(cause);
            }
            waiting.clear();
            lowestWaited = Long.MAX_VALUE;
        }
    }

    /** Number of distinct indexes being waited for (for status and tests). */
    public int waitingIndexes() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void dropIfUnwanted(long index, Waiters shared) {
        synchronized (waiting) {
            if (--shared.count == 0 && waiting.get(index) == shared) {
                waiting.remove(index);
                lowestWaited = waiting.isEmpty() ? Long.MAX_VALUE : waiting.firstKey();
            }
        }
    }

    /** The callers waiting for one index; {@code count} is guarded by the registry lock. */
    private static final class Waiters {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        int count;
    }
}
