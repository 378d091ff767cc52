package io.bulwark.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps {@code inFlight} requests outstanding: each completion issues the next request until
 * the deadline. Measures throughput at a fixed concurrency.
 */
public final class ClosedLoopDriver {
    private final Operation operation;
    private final int inFlight;

    public ClosedLoopDriver(Operation operation, int inFlight) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be >= 1, was " + inFlight);
        }
        this.operation = operation;
        this.inFlight = inFlight;
    }

    /** Runs for {@code duration} (bounded: lanes stop issuing at the deadline and drain) and returns the outcomes. */
    public RunStats run(String workload, Duration duration, AtomicLong seq) throws InterruptedException {
        Outcomes outcomes = new Outcomes();
        long startNs = System.nanoTime();
        long deadlineNs = startNs + duration.toNanos();
        CountDownLatch lanesDone = new CountDownLatch(inFlight);
        for (int i = 0; i < inFlight; i++) {
            new Lane(outcomes, deadlineNs, lanesDone, seq).next();
        }
        // Every lane stops at the deadline; in-flight calls carry their own deadlines, so this wait is bounded.
        if (!lanesDone.await(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("requests still outstanding 60 s after the run's end");
        }
        double seconds = (System.nanoTime() - startNs) / 1e9;
        return new RunStats(workload, "closed", inFlight, 0, seconds, outcomes.ok.sum(), outcomes.errors.sum(),
                outcomes.errorCounts(), outcomes.recorder.getIntervalHistogram());
    }

    private final class Lane {
        private final Outcomes outcomes;
        private final long deadlineNs;
        private final CountDownLatch done;
        private final AtomicLong seq;

        Lane(Outcomes outcomes, long deadlineNs, CountDownLatch done, AtomicLong seq) {
            this.outcomes = outcomes;
            this.deadlineNs = deadlineNs;
            this.done = done;
            this.seq = seq;
        }

        /**
         * Issues requests until one is still outstanding. A request that is already complete when
         * issued (e.g. it failed fast) is recorded here in the loop: chaining it through its
         * callback would recurse once per request and overflow the stack.
         */
        void next() {
            while (true) {
                long now = System.nanoTime();
                if (now >= deadlineNs) {
                    done.countDown();
                    return;
                }
                ListenableFuture<?> f;
                try {
                    f = operation.issue(seq.getAndIncrement());
                } catch (RuntimeException e) {
                    outcomes.failure(e);
                    continue;
                }
                if (f.isDone()) {
                    try {
                        Futures.getDone(f);
                        outcomes.success(now, System.nanoTime());
                    } catch (ExecutionException e) {
                        outcomes.failure(e.getCause());
                    } catch (RuntimeException e) {
                        outcomes.failure(e);
                    }
                    continue;
                }
                Futures.addCallback(f, outcomes.callback(now, this::next), MoreExecutors.directExecutor());
                return;
            }
        }
    }
}
