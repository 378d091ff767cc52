package io.bulwark.chaos.workload;

import io.bulwark.chaos.checker.CheckerSuite;
import io.bulwark.chaos.checker.Verdict;
import io.bulwark.chaos.harness.ExampleKeys;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.nemesis.Nemesis;
import io.bulwark.chaos.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: the mixed workload and the policy workload (after it activated a first version) with a
 * nemesis schedule beside them, heal, final reads, the standard checker suite, and the report under
 * {@code reportRoot/<run>/} (plus the node logs). The caller decides what the verdicts must be
 * (usually {@code BuildGate.requireSafe}).
 */
public final class ChaosRun {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    /** LOCAL staleness is measured against this bound (the nodes' {@code reads.max.staleness} plus slack). */
    public static final Duration LOCAL_STALENESS_BOUND = Duration.ofSeconds(5);

    /** What a run produced. */
    public record Result(History history, List<Verdict> verdicts, Path reportDir, int faults, boolean settled) {
    }

    private static PolicyBundles cachedBundles;

    private ChaosRun() {
    }

    /** The policy workload's signed bundles, built once per JVM (compiling CEL takes a moment). */
    static synchronized PolicyBundles bundles() {
        if (cachedBundles == null) {
            cachedBundles = PolicyBundles.variants(ExampleKeys.examplesDir(), 4);
        }
        return cachedBundles;
    }

    /**
     * Runs {@code nemesis} (or none) against {@code cluster} with the mixed workload.
     *
     * @param run        the report's directory name
     * @param reportRoot e.g. {@code target/chaos}
     */
    public static Result run(String run, NodeCluster cluster, Nemesis nemesis, WorkloadSettings settings,
                             Path reportRoot) throws IOException, InterruptedException {
        Path dir = reportRoot.resolve(run);
        try (Recorder recorder = new Recorder(dir.resolve("history.live.jsonl"))) {
            Calls calls = new Calls(cluster.channels(), recorder, settings.callDeadline());
            MixedWorkload workload = new MixedWorkload(calls, cluster.nodes(), settings);
            PolicyWorkload policy = new PolicyWorkload(calls, cluster.nodes(), bundles(), settings);
            policy.prepare();
            NemesisSchedule schedule = nemesis == null ? null : new NemesisSchedule(cluster, nemesis, recorder, settings);
            int faults = 0;
            BackgroundRun policyRun = new BackgroundRun("chaos-policy", policy::run);
            try {
                if (schedule != null) {
                    schedule.start();
                }
                policyRun.start();
                workload.run();
                policyRun.await(settings.duration().plus(settings.callDeadline().multipliedBy(4)).plusSeconds(10));
            } finally {
                policyRun.stop();
                if (schedule != null) {
                    faults = schedule.stopAndHeal();
                }
            }
            boolean settled = new FinalState(cluster, calls, recorder)
                    .record(workload.credentials(), workload.highestAckedToken(), Duration.ofSeconds(60));
            return finish(run, cluster, recorder, reportRoot, faults, settled);
        }
    }

    /** Checks what {@code recorder} holds and writes the report (also used by directed scenarios). */
    public static Result finish(String run, NodeCluster cluster, Recorder recorder, Path reportRoot, int faults,
                                boolean settled) throws IOException {
        History history = recorder.history();
        List<Verdict> verdicts = CheckerSuite.standard(cluster.nodes(), LOCAL_STALENESS_BOUND, null).check(history);
        Path dir = new ReportWriter(reportRoot).write(run, history, verdicts);
        cluster.saveLogs(dir);
        LOG.info("run {}: {} ops, {} faults, settled={}, report {}", run, history.ops().size(), faults, settled,
                dir.resolve("index.html"));
        return new Result(history, verdicts, dir, faults, settled);
    }
}
