package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.util.Random;

/**
 * Freezes one node (docker pause: every thread stops, sockets stay open), then thaws it: a GC pause
 * or a stalled VM. A paused leader wakes up believing it still leads.
 */
public final class PauseNode implements Nemesis {
    private final boolean leader;
    private String victim;

    /** @param leader pause the current leader rather than a random node */
    public PauseNode(boolean leader) {
        this.leader = leader;
    }

    @Override
    public String name() {
        return leader ? "pause-leader" : "pause-node";
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        String chosen = leader ? Victims.leader(cluster, random) : Victims.any(cluster, random);
        cluster.pause(chosen);
        victim = chosen;
    }

    /** Thaws the victim; after a pause that failed there is none, so the pause's own error is what surfaces. */
    @Override
    public void stop(NodeCluster cluster) {
        if (victim != null) {
            cluster.unpause(victim);
            victim = null;
        }
    }
}
