package io.bulwark.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Issues an exact number of requests with a bounded window, for loading data before a measured run. */
public final class Populator {
    private Populator() {
    }

    /**
     * Issues exactly {@code count} requests (sequence numbers 0..count-1), {@code inFlight} at a time,
     * stopping early once {@code limit} has passed; waits at most 60 s for the last ones to finish.
     */
    public static RunStats issueAll(String name, Operation op, long count, int inFlight, Duration limit)
            throws InterruptedException {
        Outcomes outcomes = new Outcomes();
        Semaphore window = new Semaphore(inFlight);
        long start = System.nanoTime();
        long limitNs = start + limit.toNanos();
        for (long i = 0; i < count && System.nanoTime() < limitNs; i++) {
            window.acquire();
            long t = System.nanoTime();
            try {
                ListenableFuture<?> f = op.issue(i);
                Futures.addCallback(f, outcomes.callback(t, window::release), MoreExecutors.directExecutor());
            } catch (RuntimeException e) {
                window.release();
                outcomes.failure(e);
            }
        }
        if (!window.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": requests still outstanding after 60 s");
        }
        return new RunStats(name, "populate", inFlight, 0, (System.nanoTime() - start) / 1e9,
                outcomes.ok.sum(), outcomes.errors.sum(), outcomes.errorCounts(),
                outcomes.recorder.getIntervalHistogram());
    }
}
