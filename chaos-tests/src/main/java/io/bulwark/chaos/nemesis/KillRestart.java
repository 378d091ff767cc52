package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.time.Duration;
import java.util.Random;

/**
 * SIGKILL of one node's JVM (a random node, or the leader), restarted on the same data directory at
 * stop: exercises recovery from the Raft log and snapshot, and failover when it was the leader.
 */
public final class KillRestart implements Nemesis {
    private final boolean leader;
    private String victim;

    /** @param leader kill the current leader rather than a random node */
    public KillRestart(boolean leader) {
        this.leader = leader;
    }

    @Override
    public String name() {
        return leader ? "kill-leader" : "kill-node";
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        victim = leader ? Victims.leader(cluster, random) : Victims.any(cluster, random);
        cluster.kill(victim);
    }

    @Override
    public void stop(NodeCluster cluster) {
        if (victim != null) {
            cluster.restart(victim, Duration.ofSeconds(90));
            victim = null;
        }
    }
}
