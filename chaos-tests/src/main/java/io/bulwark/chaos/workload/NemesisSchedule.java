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
 * healed, so the fault window in the history covers the whole time the fault may have acted. The
 * periods are fixed by the settings and each fault's random choices by the seed
 * ({@link #faultRandom}), so a seed replays the same schedule.
 */
public final class NemesisSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(NemesisSchedule.class);

    private final NodeCluster cluster;
    private final Nemesis nemesis;
    private final Recorder recorder;
    private final Duration quiet;
    private final Duration fault;
    private final long seed;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private volatile RuntimeException failure;
    private int faults;
    private int attempts;

    /** A schedule of {@code nemesis} on {@code cluster}; call {@link #start()}. */
    public NemesisSchedule(NodeCluster cluster, Nemesis nemesis, Recorder recorder, WorkloadSettings settings) {
        this.cluster = cluster;
        this.nemesis = nemesis;
        this.recorder = recorder;
        this.quiet = settings.faultEvery();
        this.fault = settings.faultFor();
        this.seed = settings.seed();
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

    /**
     * The random source of the run's {@code fault}-th fault (0, 1, …): derived from the run's seed and
     * the fault's number alone, so one fault's draws (a victim, a random half) are the same in every run
     * with that seed, whatever earlier faults drew (e.g. a random victim when no leader was known).
     */
    public static Random faultRandom(long seed, int fault) {
        // SplitMix64's finaliser over (seed, fault): neighbouring faults get unrelated streams.
        long z = seed + 0x9E3779B97F4A7C15L * (fault + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    private void loop() {
        try {
            while (!stop.await(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
                recorder.nemesis(Fn.START, nemesis.name());
                try {
                    nemesis.start(cluster, faultRandom(seed, attempts++));
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
