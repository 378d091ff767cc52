package io.bulwark.chaos.nemesis;

import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import java.util.Random;

/**
 * One kind of fault. {@link #start} injects it (choosing its victims, e.g. the current leader, with
 * {@code random}); {@link #stop} heals what the last start did. Start and stop alternate, never
 * overlap, and run on the nemesis thread only.
 */
public interface Nemesis {
    /** The fault name recorded in the history (stable: reports and docs refer to it). */
    String name();

    /** Injects the fault. */
    void start(NodeCluster cluster, Random random);

    /** Heals it; returns once healed. */
    void stop(NodeCluster cluster);

    /**
     * The cluster this nemesis needs, given the scenario's default (e.g. size-limited data volumes for
     * a full disk). Most nemeses need nothing more.
     */
    default ClusterSpec clusterSpec(ClusterSpec defaults) {
        return defaults;
    }
}
