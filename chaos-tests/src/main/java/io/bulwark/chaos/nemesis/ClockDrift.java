package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one node's wall clock run slow or fast for the fault window, then steps it back to true time
 * (as NTP would after noticing). The monotonic clock is left alone (FAKETIME_DONT_FAKE_MONOTONIC=1),
 * so what is exercised is every use of wall time: the times the node stamps into the commands it
 * proposes and its check-time expiry.
 *
 * <p>Two mechanisms, because of what libfaketime 0.9.10 does to a JDK 17 JVM (measured on this box):
 * <ul>
 *   <li>slow ({@code rate < 1}): libfaketime's own rate, {@code "+O xR"} in FAKETIME_TIMESTAMP_FILE. Its rate
 *       applies from the process start, so switching it on mid-run would jump the clock by x the
 *       process age; the offset O = (1-R) x age cancels that jump, so the clock starts drifting from
 *       true time. Reset with {@code "+0 x1"} (a spec without a rate keeps the old one).</li>
 *   <li>fast ({@code rate > 1}): a libfaketime rate above 1 made {@code Thread.sleep} in the JVM never
 *       return, which would hang the node for reasons unrelated to clocks. Instead the nemesis moves the
 *       offset forward every 500 ms (the node re-reads it about every second): a drift in steps of at
 *       most seconds per second.</li>
 * </ul>
 */
public final class ClockDrift implements Nemesis {
    private static final Logger LOG = LoggerFactory.getLogger(ClockDrift.class);
    private static final long STEP_MS = 500;

    private final double rate;
    private String victim;
    private ScheduledExecutorService stepper;

    /** @param rate how fast the victim's wall clock runs, e.g. 0.7 or 1.5 (not 1) */
    public ClockDrift(double rate) {
        if (rate <= 0 || rate == 1.0 || rate > 10) {
            throw new IllegalArgumentException("drift rate must be in (0, 10] and not 1, was " + rate);
        }
        this.rate = rate;
    }

    @Override
    public String name() {
        return rate < 1 ? "clock-drift-slow" : "clock-drift-fast";
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        victim = Victims.any(cluster, random);
        if (rate < 1) {
            long ageS = cluster.processAgeSeconds(victim);
            cluster.setClockSpec(victim, String.format(Locale.ROOT, "+%.1f x%.2f", (1 - rate) * ageS, rate));
            return;
        }
        String node = victim;
        long t0 = System.nanoTime();
        stepper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "clock-drift-" + node);
            t.setDaemon(true);
            return t;
        });
        stepper.scheduleWithFixedDelay(() -> {
            double aheadS = (rate - 1) * (System.nanoTime() - t0) / 1e9;
            try {
                cluster.setClockSpec(node, String.format(Locale.ROOT, "+%.1f", aheadS));
            } catch (RuntimeException e) {
                LOG.warn("clock drift step on {} failed: {}", node, e.toString());
            }
        }, 0, STEP_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop(NodeCluster cluster) {
        if (stepper != null) {
            stepper.shutdownNow();
            try {
                stepper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stepper = null;
        }
        if (victim != null) {
            cluster.setClockSpec(victim, "+0 x1");
            victim = null;
        }
    }
}
