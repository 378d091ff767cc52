package io.bulwark.chaos.workload;

import io.bulwark.api.v1.StatusResponse;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.harness.Polling;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * After heal: waits (bounded) until every node reports one applied index at or above the highest
 * acknowledged token, then records each node's final read of every credential and a
 * {@code state-digest} per node. Nodes expose no state digest yet, so the digest recorded is the
 * node's table row counts from Status ({@code rows:table=n,…}): together with equal applied indexes
 * and the per-key final reads it shows divergence, though weaker than a content digest would.
 * A node that cannot answer leaves its reads missing, which the checkers report as UNKNOWN.
 */
public final class FinalState {
    private static final int DIGEST_ROUNDS = 3;
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
            Op inv = recorder.invoke("digest-" + node, Fn.STATE_DIGEST, null, null, node, Consistency.LOCAL, Op.NONE);
            StatusResponse s = cluster.channels().status(node, 5_000);
            if (s == null) {
                recorder.complete(inv, OpType.FAIL, null, Op.NONE, null);
                same = false;
            } else {
                recorder.complete(inv, OpType.OK, digest(s), s.getAppliedIndex(), null);
                same &= agreed < 0 || agreed == s.getAppliedIndex();
                agreed = s.getAppliedIndex();
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

    private static String digest(StatusResponse s) {
        StringBuilder b = new StringBuilder("rows:");
        Map<String, Long> rows = new TreeMap<>(s.getTableRowsMap());
        rows.forEach((table, n) -> b.append(table).append('=').append(n).append(','));
        return b.toString();
    }
}
