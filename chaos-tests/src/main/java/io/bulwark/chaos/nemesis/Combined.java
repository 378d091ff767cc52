package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import java.util.Random;

/**
 * Two faults at once, e.g. a partition while another node crashes. Started in order and healed in
 * reverse order, so the second fault is injected into a cluster the first already broke, and the
 * first is healed last (a fault that needs a running container, like an iptables rule, is started
 * first and healed after the node has been restarted). The name is both names joined by {@code +}.
 */
public final class Combined implements Nemesis {
    private final Nemesis first;
    private final Nemesis second;

    /** @param first started first, healed last */
    public Combined(Nemesis first, Nemesis second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public String name() {
        return first.name() + "+" + second.name();
    }

    @Override
    public ClusterSpec clusterSpec(ClusterSpec defaults) {
        return second.clusterSpec(first.clusterSpec(defaults));
    }

    @Override
    public void start(NodeCluster cluster, Random random) {
        first.start(cluster, random);
        second.start(cluster, random);
    }

    @Override
    public void stop(NodeCluster cluster) {
        RuntimeException failure = null;
        try {
            second.stop(cluster);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            first.stop(cluster);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
