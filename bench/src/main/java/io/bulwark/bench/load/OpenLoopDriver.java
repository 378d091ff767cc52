package io.bulwark.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Issues requests at a fixed rate regardless of how fast they complete, and charges each one
 * from its intended start time: a server stall shows up in the tail instead of silently
 * lowering the offered load (coordinated-omission correction).
 */
public final class OpenLoopDriver {
    private final Operation operation;
    private final double ratePerSec;
    private final int maxOutstanding;

    /**
     * @param maxOutstanding safety bound: past this many outstanding requests the driver counts
     *                       new ones as errors ("OVERLOAD") instead of queueing without limit
     */
    public OpenLoopDriver(Operation operation, double ratePerSec, int maxOutstanding) {
        if (ratePerSec <= 0) {
            throw new IllegalArgumentException("rate must be > 0, was " + ratePerSec);
        }
        this.operation = operation;
        this.ratePerSec = ratePerSec;
        this.maxOutstanding = maxOutstanding;
    }

    public RunStats run(String workload, Duration duration, AtomicLong seq) throws InterruptedException {
        Outcomes outcomes = new Outcomes();
        Semaphore outstanding = new Semaphore(maxOutstanding);
        double intervalNs = 1e9 / ratePerSec;
        long startNs = System.nanoTime();
        long deadlineNs = startNs + duration.toNanos();
        for (long i = 0; ; i++) {
            long intendedNs = startNs + (long) (i * intervalNs);
            if (intendedNs >= deadlineNs) {
                break;
            }
            long waitNs = intendedNs - System.nanoTime();
            if (waitNs > 0) {
                LockSupport.parkNanos(waitNs);
            }
            if (!outstanding.tryAcquire()) {
                outcomes.failure(new IllegalStateException("OVERLOAD"));
                continue;
            }
            try {
                Futures.addCallback(operation.issue(seq.getAndIncrement()),
                        outcomes.callback(intendedNs, outstanding::release), MoreExecutors.directExecutor());
            } catch (RuntimeException e) {
                outstanding.release();
                outcomes.failure(e);
            }
        }
        if (!outstanding.tryAcquire(maxOutstanding, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still outstanding 60 s after the run's end");
        }
        double seconds = (System.nanoTime() - startNs) / 1e9;
        return new RunStats(workload, "open", 0, ratePerSec, seconds, outcomes.ok.sum(), outcomes.errors.sum(),
                outcomes.errorCounts(), outcomes.recorder.getIntervalHistogram());
    }
}
