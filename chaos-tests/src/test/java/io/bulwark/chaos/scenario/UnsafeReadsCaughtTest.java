package io.bulwark.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.checker.BuildGate;
import io.bulwark.chaos.checker.Verdict;
import io.bulwark.chaos.checker.Violation;
import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.nemesis.Partition;
import io.bulwark.chaos.workload.Calls;
import io.bulwark.chaos.workload.ChaosRun;
import io.bulwark.chaos.workload.Credential;
import io.bulwark.chaos.workload.FinalState;
import io.bulwark.chaos.workload.Recorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The suite proves it can fail. With the node's TEST-ONLY switch
 * {@code testing.unsafe.linearizable.reads.local=true}, LINEARIZABLE checks skip ReadIndex; the old
 * leader, cut off by a partition, keeps admitting credentials the majority has since revoked. The
 * run passes only if the checkers report exactly that. The same directed scenario with the switch off
 * must pass the gate, so the violation is the switch's doing and not the harness's.
 */
@DockerRequired
class UnsafeReadsCaughtTest {
    private static final int CREDENTIALS = 4;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldReportStaleLinearizableAdmitsWhenReadIndexIsSkipped() throws Exception {
        ChaosRun.Result r = partitionOldLeaderAndRevoke("unsafe-linearizable-reads",
                ClusterSpec.threeNodes(ChaosImage.require()).withUnsafeLinearizableReads());

        List<String> kinds = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            for (Violation x : v.violations()) {
                kinds.add(x.kind());
            }
        }
        assertThat(kinds).as("violations found by the checkers (report %s)", r.reportDir())
                .contains("linearizable-admit-after-revoke");
        assertThat(r.verdicts()).anySatisfy(v -> {
            assertThat(v.checker()).containsIgnoringCase("revocation");
            assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        });
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void shouldPassTheSameScenarioWithReadIndex() throws Exception {
        ChaosRun.Result r = partitionOldLeaderAndRevoke("safe-linearizable-reads",
                ClusterSpec.threeNodes(ChaosImage.require()));
        BuildGate.requireSafe(r.verdicts(), false);
    }

    /**
     * Checks credentials on the leader, isolates it, revokes them through the majority side (retrying
     * until acknowledged, bounded), checks them LINEARIZABLE on the old leader, heals, final reads.
     */
    private static ChaosRun.Result partitionOldLeaderAndRevoke(String run, ClusterSpec spec) throws Exception {
        try (NodeCluster cluster = NodeCluster.start(spec)) {
            try (Recorder recorder = new Recorder(ChaosImage.REPORTS.resolve(run).resolve("history.live.jsonl"))) {
                Calls calls = new Calls(cluster.channels(), recorder, Duration.ofSeconds(3));
                Random random = new Random(42);
                String oldLeader = cluster.awaitLeaderEverywhere(Duration.ofSeconds(60));
                List<String> majority = cluster.nodes().stream().filter(n -> !n.equals(oldLeader)).toList();
                List<Credential> creds = new ArrayList<>();
                for (int i = 0; i < CREDENTIALS; i++) {
                    Credential c = Credential.fresh(Credential.Kind.TOKEN, random, System.currentTimeMillis());
                    creds.add(c);
                    calls.check("0", oldLeader, c, Consistency.LINEARIZABLE, 0);
                }

                recorder.nemesis(Fn.START, "isolate-leader");
                Partition.isolate(cluster, oldLeader);
                long highest = 0;
                try {
                    for (int i = 0; i < creds.size(); i++) {
                        highest = Math.max(highest, revokeUntilAcked(calls, majority.get(i % majority.size()),
                                creds.get(i), Duration.ofSeconds(60)));
                    }
                    for (int round = 0; round < 3; round++) {
                        for (Credential c : creds) {
                            calls.check("0", oldLeader, c, Consistency.LINEARIZABLE, 0);
                        }
                    }
                } finally {
                    new Partition(Partition.Shape.ISOLATE_LEADER).stop(cluster);
                    recorder.nemesis(Fn.STOP, "isolate-leader");
                }
                boolean settled = new FinalState(cluster, calls, recorder).record(creds, highest, Duration.ofSeconds(60));
                return ChaosRun.finish(run, cluster, recorder, ChaosImage.REPORTS, 1, settled);
            } finally {
                cluster.healAll();
            }
        }
    }

    /** Revokes through {@code node} until one attempt is acknowledged (each attempt is recorded). */
    private static long revokeUntilAcked(Calls calls, String node, Credential c, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            long token = calls.revoke("1", node, c);
            if (token > 0) {
                return token;
            }
            io.bulwark.chaos.harness.Polling.backoff();
        }
        throw new IllegalStateException("no revoke of " + c + " acknowledged through " + node + " within " + bound);
    }
}
