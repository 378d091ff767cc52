package io.bulwark.chaos.workload;

import io.bulwark.api.v1.StatusResponse;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.harness.Polling;
import java.time.Duration;
import java.util.List;

/**
 * After heal: waits (bounded) until every node reports one applied index at or above the highest
 * acknowledged token, then records each node's final read of every credential and a
 * {@code state-digest} per node: the SHA-256 of the node's tables with the applied index it was
 * computed at (GetStateDigest). A node that cannot answer leaves its reads missing, which the
 * checkers report as UNKNOWN.
 */
public final class FinalState {
    private static final int DIGEST_ROUNDS = 3;
    private static final Duration DIGEST_TIMEOUT = Duration.ofSeconds(10);
    private final NodeCluster cluster;
    private final Calls calls;
    private final Recorder recorder;

    /** Final reads of {@code cluster} through {@code calls}, recorded by {@code recorder}. */
    public FinalState(NodeCluster cluster, Calls calls, Recorder recorder) {
        this.cluster = cluster;
        this.calls = calls;
        this.recorder = recorder;
    }

    /**
     * Waits up to {@code settle} for the nodes to agree on an applied index ≥ {@code minIndex}, then
     * reads. Returns whether they agreed in time (the reads are recorded either way).
     */
    public boolean record(List<Credential> credentials, long minIndex, Duration settle) {
        boolean settled = awaitConverged(minIndex, settle);
        for (String node : cluster.nodes()) {
            String process = "final-" + node;
            for (Credential c : credentials) {
                calls.finalRead(process, node, c, minIndex);
            }
        }
        // Digests last and together: a Raft entry appended while the final reads ran (e.g. the election a
        // rejoining node's higher term forces) must not look like divergence. Re-settle and read all nodes
        // again, a few times at most; the checker judges the last round, so real divergence still shows.
        for (int round = 0; round < DIGEST_ROUNDS; round++) {
            settled = awaitConverged(minIndex, settle) && settled;
            if (recordDigests()) {
                break;
            }
        }
        return settled;
    }

    /** One state-digest per node; returns whether all answered with the same applied index. */
    private boolean recordDigests() {
        long agreed = -1;
        boolean same = true;
        for (String node : cluster.nodes()) {
            long index = calls.stateDigest("digest-" + node, node, DIGEST_TIMEOUT);
            if (index < 0) {
                same = false;
            } else {
                same &= agreed < 0 || agreed == index;
                agreed = index;
            }
        }
        return same;
    }

    private boolean awaitConverged(long minIndex, Duration settle) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < deadline) {
            long agreed = -1;
            boolean same = true;
            for (String node : cluster.nodes()) {
                StatusResponse s = cluster.channels().status(node, 2_000);
                if (s == null || s.getAppliedIndex() < minIndex || (agreed >= 0 && s.getAppliedIndex() != agreed)) {
                    same = false;
                    break;
                }
                agreed = s.getAppliedIndex();
            }
            if (same) {
                return true;
            }
            Polling.backoff();
        }
        return false;
    }
}
