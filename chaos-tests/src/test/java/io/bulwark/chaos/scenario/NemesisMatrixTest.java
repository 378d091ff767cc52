package io.bulwark.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.checker.BuildGate;
import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.nemesis.Nemeses;
import io.bulwark.chaos.nemesis.Nemesis;
import io.bulwark.chaos.workload.ChaosRun;
import io.bulwark.chaos.workload.WorkloadSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix: one fresh 3-node cluster per nemesis, the mixed workload beside it, heal, final reads,
 * every checker, the report, and the build gate (UNKNOWN fails too). A run that injected no fault or
 * saw no successful call fails as well: a scenario that tested nothing must not pass.
 */
@DockerRequired
class NemesisMatrixTest {

    static List<String> nemeses() {
        return ChaosImage.selected(Nemeses.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nemeses")
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void shouldKeepTheHistorySafeUnder(String name) throws Exception {
        String image = ChaosImage.require();
        int seconds = ChaosImage.seconds();
        Nemesis nemesis = Nemeses.byName(name);
        long seed = System.nanoTime();
        WorkloadSettings settings = WorkloadSettings.standard(Duration.ofSeconds(seconds), seed);
        try (NodeCluster cluster = NodeCluster.start(ClusterSpec.threeNodes(image))) {
            ChaosRun.Result r;
            try {
                r = ChaosRun.run("matrix-" + name + "-" + Long.toHexString(seed), cluster, nemesis, settings,
                        ChaosImage.REPORTS);
            } finally {
                cluster.healAll();
            }
            assertThat(r.faults()).as("faults injected by %s", name).isPositive();
            assertThat(r.history().calls().stream().filter(Call::isOk).count()).as("ok calls").isPositive();
            BuildGate.requireSafe(r.verdicts(), false);
        }
    }
}
