package io.bulwark.chaos.harness;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The back-off between two polls of a condition. Every caller loops on its own deadline; this only
 * keeps the loop from spinning on a 2-core machine shared with the cluster under test.
 */
public final class Polling {
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private Polling() {
    }

    /**
     * Parks the calling thread for about 100 ms.
     *
     * @throws IllegalStateException if the thread is interrupted (e.g. a test's timeout), so a polling
     *                               loop ends instead of spinning until its own deadline
     */
    public static void backoff() {
        LockSupport.parkNanos(BACKOFF_NANOS);
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while polling");
        }
    }
}
