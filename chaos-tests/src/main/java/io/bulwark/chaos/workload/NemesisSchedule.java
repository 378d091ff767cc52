package io.bulwark.chaos.workload;

import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.nemesis.Nemesis;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alternates quiet and fault periods of one nemesis on its own thread until {@link #stopAndHeal()}:
 * each fault is recorded as a start event just before it is injected and a stop event once it is
 * healed, so the fault window in the history covers the whole time the fault may have acted.
 */
public final class NemesisSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(NemesisSchedule.class);

    private final NodeCluster cluster;
    private final Nemesis nemesis;
    private final Recorder recorder;
    private final Duration quiet;
    private final Duration fault;
    private final Random random;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile RuntimeException failure;
    private int faults;

    /** A schedule of {@code nemesis} on {@code cluster}; call {@link #start()}. */
    public NemesisSchedule(NodeCluster cluster, Nemesis nemesis, Recorder recorder, WorkloadSettings settings) {
        this.cluster = cluster;
        this.nemesis = nemesis;
        this.recorder = recorder;
        this.quiet = settings.faultEvery();
        this.fault = settings.faultFor();
        this.random = new Random(settings.seed() ^ 0x5DEECE66DL);
        this.thread = new Thread(this::loop, "nemesis-" + nemesis.name());
        this.thread.setDaemon(true);
    }

    /** Starts the schedule. */
    public void start() {
        thread.start();
    }

    /**
     * Ends the schedule, healing a fault in progress, and waits for it (bounded).
     *
     * @return how many faults were injected
     * @throws IllegalStateException if the nemesis failed or did not finish healing in time
     */
    public int stopAndHeal() throws InterruptedException {
        stop.countDown();
        thread.join(Duration.ofMinutes(3).toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("nemesis " + nemesis.name() + " did not heal within 3 minutes");
        }
        if (failure != null) {
            throw new IllegalStateException("nemesis " + nemesis.name() + " failed", failure);
        }
        return faults;
    }

    private void loop() {
        try {
            while (!stop.await(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
                recorder.nemesis(Fn.START, nemesis.name());
                try {
                    nemesis.start(cluster, random);
                    faults++;
                    stop.await(fault.toMillis(), TimeUnit.MILLISECONDS);
                } finally {
                    nemesis.stop(cluster);
                    recorder.nemesis(Fn.STOP, nemesis.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("nemesis {} failed: {}", nemesis.name(), e.toString());
            failure = e;
        }
    }
}
