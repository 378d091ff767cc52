package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.NodeCluster;
import java.util.List;
import java.util.Random;

/**
 * Network partitions with iptables rules inside the containers (the test JVM's own connections to
 * each node are not cut: clients keep reaching every side). Stop flushes the rules on every node.
 */
public final class Partition implements Nemesis {
    /** The shape of the cut. */
    public enum Shape {
        /** One random node cut off from all others. */
        ISOLATE_NODE("isolate-node"),
        /** The current leader cut off from all others: the old leader keeps its state and a majority elects anew. */
        ISOLATE_LEADER("isolate-leader"),
        /** The nodes shuffled and split into a minority and a majority, cut both ways. */
        RANDOM_HALVES("random-halves"),
        /** One random ordered pair: packets from the first no longer reach the second. */
        ONE_WAY("one-way-link");

        private final String faultName;

        Shape(String faultName) {
            this.faultName = faultName;
        }
    }

    private final Shape shape;

    /** A partition of the given shape. */
    public Partition(Shape shape) {
        this.shape = shape;
    }

    @Override
    public String name() {
        return shape.faultName;
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        switch (shape) {
            case ISOLATE_NODE -> isolate(cluster, Victims.any(cluster, random));
            case ISOLATE_LEADER -> isolate(cluster, Victims.leader(cluster, random));
            case RANDOM_HALVES -> {
                List<String> order = Victims.shuffled(cluster, random);
                int minority = order.size() / 2;
                cut(cluster, order.subList(0, minority), order.subList(minority, order.size()));
            }
            case ONE_WAY -> {
                List<String> order = Victims.shuffled(cluster, random);
                cluster.dropInbound(order.get(1), order.get(0));
            }
            default -> throw new IllegalStateException("unknown shape " + shape);
        }
    }

    @Override
    public void stop(NodeCluster cluster) {
        for (String node : cluster.nodes()) {
            cluster.healFirewall(node);
        }
    }

    /** Cuts {@code victim} off from every other node, both directions. */
    public static void isolate(NodeCluster cluster, String victim) {
        List<String> others = cluster.nodes().stream().filter(n -> !n.equals(victim)).toList();
        cut(cluster, List.of(victim), others);
    }

    private static void cut(NodeCluster cluster, List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                cluster.dropInbound(x, y);
                cluster.dropInbound(y, x);
            }
        }
    }
}
