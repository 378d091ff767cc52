package io.bulwark.chaos.harness;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What cluster to start.
 *
 * @param image                 the bulwark-node image (deploy/bin/build-node-image), e.g. {@code bulwark-node:dev}
 * @param nodes                 3 or 5 members, named n1..nN (also their container hostnames)
 * @param unsafeLinearizableReads turn on the node's TEST-ONLY switch that answers LINEARIZABLE reads locally
 *                              ({@code testing.unsafe.linearizable.reads.local}); only for the scenario that proves
 *                              the checkers catch it
 * @param faketime              preload libfaketime on every node so a clock nemesis can move its wall clock
 * @param startupTimeout        bound for every node to serve its API and for a leader to be elected
 * @param dataVolumeMb          0: each node's data lives in its container volume (the default); otherwise each
 *                              node's {@code /var/lib/bulwark} is a host tmpfs of this many MiB (kept across kill and
 *                              restart), so a nemesis can fill it. Needs root on the Docker host (mount).
 */
public record ClusterSpec(String image, int nodes, boolean unsafeLinearizableReads, boolean faketime,
                          Duration startupTimeout, int dataVolumeMb) {

    /** Validates the spec. */
    public ClusterSpec {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (nodes != 3 && nodes != 5) {
            throw new IllegalArgumentException("clusters have 3 or 5 nodes, not " + nodes);
        }
        if (dataVolumeMb != 0 && (dataVolumeMb < 64 || dataVolumeMb > 4096)) {
            throw new IllegalArgumentException("dataVolumeMb is 0 (container volume) or 64-4096, not " + dataVolumeMb);
        }
    }

    /** A spec whose nodes keep their data in their container volumes. */
    public ClusterSpec(String image, int nodes, boolean unsafeLinearizableReads, boolean faketime,
                       Duration startupTimeout) {
        this(image, nodes, unsafeLinearizableReads, faketime, startupTimeout, 0);
    }

    /** A copy whose nodes keep their data on size-limited host tmpfs volumes of {@code mb} MiB each. */
    public ClusterSpec withDataVolumeMb(int mb) {
        return new ClusterSpec(image, nodes, unsafeLinearizableReads, faketime, startupTimeout, mb);
    }

    /** A 3-node cluster of {@code image} with libfaketime loaded and safe reads. */
    public static ClusterSpec threeNodes(String image) {
        return new ClusterSpec(image, 3, false, true, Duration.ofSeconds(150));
    }

    /** A copy with {@code n} nodes. */
    public ClusterSpec withNodes(int n) {
        return new ClusterSpec(image, n, unsafeLinearizableReads, faketime, startupTimeout, dataVolumeMb);
    }

    /** A copy with the unsafe LINEARIZABLE-read switch on. */
    public ClusterSpec withUnsafeLinearizableReads() {
        return new ClusterSpec(image, nodes, true, faketime, startupTimeout, dataVolumeMb);
    }

    /** The node names n1..nN. */
    public List<String> nodeNames() {
        String[] names = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            names[i] = "n" + (i + 1);
        }
        return List.of(names);
    }

    /**
     * The properties every node gets beyond the generated identity and peers: small tables (Chronicle
     * preallocates from them), short election timeouts for quick failover, purges far apart so the
     * post-heal comparison of applied indexes is not chasing a periodic write, and the TEST-ONLY example
     * bundle-signing key as the trusted key.
     */
    String extraProperties() {
        StringBuilder b = new StringBuilder()
                .append("raft.election.timeout.min=1s\n")
                .append("raft.election.timeout.max=2s\n")
                .append("reads.max.staleness=3s\n")
                .append("reads.wait.max=3s\n")
                .append("writes.timeout=4s\n")
                .append("purge.interval=1h\n")
                .append("tables.sessions.capacity=20000\n")
                .append("tables.revocations.capacity=20000\n")
                .append("tables.subjects.capacity=1000\n")
                .append("tables.requests.capacity=20000\n")
                // The TEST-ONLY example signing key (NodeCluster copies it in): the policy workload pushes bundles.
                .append("policy.trusted.keys=").append(ExampleKeys.TRUSTED_KEY_IN_CONTAINER).append('\n');
        if (dataVolumeMb > 0) {
            // Ratis writes into preallocated segment space: with small segments a new file (and its
            // preallocation) is needed every 64 KiB, so a full disk bites within a second of filling it.
            b.append("raft.log.segment.size.max=65536\n").append("writes.batch.max.bytes=65536\n");
        }
        if (unsafeLinearizableReads) {
            b.append("testing.unsafe.linearizable.reads.local=true\n");
        }
        return b.toString();
    }
}
