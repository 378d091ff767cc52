package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import java.time.Duration;
import java.util.Random;

/**
 * Fills one node's data volume (a size-limited host tmpfs, see {@link ClusterSpec#dataVolumeMb()})
 * with a ballast file until no block is free, so its next Raft log write fails with ENOSPC; at stop
 * deletes the ballast and, if the node stopped itself meanwhile (fail-stop), starts it again on its
 * data. What must hold: nothing acknowledged is lost, nothing unacknowledged is claimed, the node
 * never answers from a state that silently stopped advancing, and it converges after the heal.
 */
public final class DiskFull implements Nemesis {
    /** Per-node volume: room for the node's log, snapshots and generated config, small enough to fill fast. */
    static final int VOLUME_MB = 128;
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(90);
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
        cluster.fillDisk(victim);
    }

    @Override
    public void stop(NodeCluster cluster) {
        if (victim == null) {
            return;
        }
        String node = victim;
        victim = null;
        cluster.freeDisk(node);
        if (!cluster.isRunning(node)) {
            cluster.restart(node, RESTART_TIMEOUT);
        }
    }
}
