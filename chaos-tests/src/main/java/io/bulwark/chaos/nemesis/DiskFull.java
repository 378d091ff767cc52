package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.harness.Polling;
import java.time.Duration;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills one node's data volume (a size-limited host tmpfs, see {@link ClusterSpec#dataVolumeMb()})
 * with a ballast file until no block is free, so its next Raft log write fails with ENOSPC; at stop
 * deletes the ballast and, if the node stopped itself meanwhile (fail-stop), starts it again on its
 * data. The fault is held (up to 20 s, while the workload runs) until the node stopped itself, since it
 * only meets the full disk when it next needs log space. What must hold: nothing acknowledged is lost, nothing unacknowledged is claimed, the node
 * never answers from a state that silently stopped advancing, and it converges after the heal.
 */
public final class DiskFull implements Nemesis {
    /** Per-node volume: room for the node's log, snapshots and generated config, small enough to fill fast. */
    static final int VOLUME_MB = 128;
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(90);
    /** How long start() keeps the disk full waiting for the node to need space (and stop itself). */
    private static final Duration BITE_WAIT = Duration.ofSeconds(20);
    /** Less than one Raft log segment (64 KiB with the volume's settings): the next segment cannot start. */
    private static final long FULL_ENOUGH_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DiskFull.class);
    private String victim;

    @Override
    public String name() {
        return "disk-full";
    }

    @Override
    public ClusterSpec clusterSpec(ClusterSpec defaults) {
        return defaults.withDataVolumeMb(VOLUME_MB);
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        victim = Victims.any(cluster, random);
        long ballast = cluster.fillDisk(victim);
        long free = cluster.freeDiskBytes(victim);
        LOG.info("disk-full: {}'s data volume filled (ballast {} KiB, {} bytes free)", victim, ballast >> 10, free);
        if (free > FULL_ENOUGH_BYTES) {
            throw new IllegalStateException("could not fill " + victim + "'s volume: " + free + " bytes still free");
        }
        // The node meets the full disk only when it next needs log space (a new 64 KiB segment), which under
        // a slow workload takes longer than a fault window: hold the fault while the workload runs (bounded)
        // until the node has stopped itself, so the scenario tests what a full disk does rather than nothing.
        long deadline = System.nanoTime() + BITE_WAIT.toNanos();
        while (cluster.isRunning(victim) && System.nanoTime() < deadline) {
            Polling.backoff();
        }
        LOG.info("disk-full: {} {}", victim, cluster.isRunning(victim) ? "still runs after " + BITE_WAIT
                + " (it needed no new log space yet)" : "stopped itself");
    }

    @Override
    public void stop(NodeCluster cluster) {
        if (victim == null) {
            return;
        }
        String node = victim;
        victim = null;
        cluster.freeDisk(node);
        boolean stopped = !cluster.isRunning(node);
        LOG.info("disk-full: {}'s volume freed; the node {}", node, stopped ? "had stopped itself: restarting it"
                : "kept running");
        if (stopped) {
            cluster.restart(node, RESTART_TIMEOUT);
        }
    }
}
