package io.bulwark.chaos.workload;

import java.time.Duration;

/**
 * A workload loop on its own daemon thread, started and awaited with a bound; a failure in the loop
 * is rethrown by {@link #await}, so a broken workload fails the run instead of passing quietly.
 */
final class BackgroundRun {
    private final Thread thread;
    private volatile Throwable failure;

    BackgroundRun(String name, Runnable loop) {
        this.thread = new Thread(() -> {
            try {
                loop.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Waits up to {@code bound} for the loop to end.
     *
     * @throws IllegalStateException if it did not end in time or failed
     */
    void await(Duration bound) throws InterruptedException {
        thread.join(bound.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within " + bound);
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
    }

    /** Interrupts the loop if it still runs (after a failure elsewhere) and waits briefly. */
    void stop() throws InterruptedException {
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }
}
