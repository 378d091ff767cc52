package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Which node(s) a fault hits. */
final class Victims {
    private static final Duration LEADER_LOOKUP = Duration.ofSeconds(10);

    private Victims() {
    }

    /** A node chosen uniformly. */
    static String any(NodeCluster cluster, Random random) {
        List<String> nodes = cluster.nodes();
        return nodes.get(random.nextInt(nodes.size()));
    }

    /** The current leader (as a majority reports it), or a random node when none is known in time. */
    static String leader(NodeCluster cluster, Random random) {
        String leader = cluster.currentLeader(LEADER_LOOKUP);
        return leader != null ? leader : any(cluster, random);
    }

    /** The nodes in a random order. */
    static List<String> shuffled(NodeCluster cluster, Random random) {
        List<String> nodes = new ArrayList<>(cluster.nodes());
        Collections.shuffle(nodes, random);
        return nodes;
    }
}
