package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.util.Random;

/**
 * Moves one node's wall clock (libfaketime, read from a file the node re-reads about every second)
 * by a fixed offset, then back. The monotonic clock is not faked, so Raft timers keep their pace;
 * what is exercised is every use of wall time: command timestamps the node proposes (session
 * creation, revocation time, purge) and check-time expiry evaluation on that node.
 */
public final class ClockJump implements Nemesis {
    private final long offsetSeconds;
    private String victim;

    /** @param offsetSeconds the jump, positive (ahead) or negative (behind) */
    public ClockJump(long offsetSeconds) {
        this.offsetSeconds = offsetSeconds;
    }

    @Override
    public String name() {
        return offsetSeconds >= 0 ? "clock-ahead" : "clock-behind";
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        victim = Victims.any(cluster, random);
        cluster.setClockOffset(victim, (offsetSeconds >= 0 ? "+" : "") + offsetSeconds);
    }

    @Override
    public void stop(NodeCluster cluster) {
        if (victim != null) {
            cluster.setClockOffset(victim, "+0");
            victim = null;
        }
    }
}
