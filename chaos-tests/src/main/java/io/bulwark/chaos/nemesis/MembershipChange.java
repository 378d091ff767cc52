package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Removes one member (the leader or a follower, chosen at random) from the Raft configuration through
 * {@code ClusterService.RemoveMember}, leaves it running outside the group for the fault window (its
 * clients keep calling it), then replaces it as an operator would: restart with an empty data directory
 * in join mode, {@code AddMember}, and wait until every node names one leader again. The re-added
 * member catches up from the leader's log or snapshot.
 */
public final class MembershipChange implements Nemesis {
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(90);
    private String victim;

    @Override
    public String name() {
        return "membership";
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        victim = random.nextBoolean() ? Victims.leader(cluster, random) : Victims.any(cluster, random);
        List<String> members = cluster.removeMember(victim, CHANGE_TIMEOUT);
        if (members.contains(victim)) {
            throw new IllegalStateException("removed " + victim + " but the configuration still holds it: " + members);
        }
    }

    @Override
    public void stop(NodeCluster cluster) {
        if (victim == null) {
            return;
        }
        String node = victim;
        victim = null;
        cluster.restartAsFreshJoiner(node, CHANGE_TIMEOUT);
        List<String> members = cluster.addMember(node, CHANGE_TIMEOUT);
        if (!members.contains(node)) {
            throw new IllegalStateException("added " + node + " but the configuration lacks it: " + members);
        }
        cluster.awaitLeaderEverywhere(CHANGE_TIMEOUT);
    }
}
