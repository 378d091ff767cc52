package io.bulwark.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.checker.BuildGate;
import io.bulwark.chaos.harness.ClusterSpec;
import io.bulwark.chaos.harness.NodeCluster;
import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.nemesis.Nemeses;
import io.bulwark.chaos.nemesis.Nemesis;
import io.bulwark.chaos.workload.ChaosRun;
import io.bulwark.chaos.workload.ChaosSeeds;
import io.bulwark.chaos.workload.WorkloadSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matrix: one fresh cluster (3 nodes, or {@code -Dbulwark.chaos.nodes=5}) per nemesis and seed, the
 * mixed and policy workloads beside it, heal, final reads, every checker, the report, and the build gate
 * (UNKNOWN fails too). A run that injected no fault or saw no successful call fails as well: a scenario
 * that tested nothing must not pass. Each run logs its seed and the properties that reproduce it; a
 * failure names them first.
 */
@DockerRequired
class NemesisMatrixTest {
    private static final Logger LOG = LoggerFactory.getLogger(NemesisMatrixTest.class);

    /** Every selected nemesis with every seed (one seed unless the long profile asks for more). */
    static List<Arguments> nemeses() {
        List<Arguments> runs = new ArrayList<>();
        List<Long> seeds = ChaosImage.seeds();
        for (String name : ChaosImage.selected(Nemeses.names())) {
            for (long seed : seeds) {
                runs.add(Arguments.of(name, ChaosSeeds.format(seed)));
            }
        }
        return runs;
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("nemeses")
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void shouldKeepTheHistorySafeUnder(String name, String seedText) throws Exception {
        String image = ChaosImage.require();
        int seconds = ChaosImage.seconds();
        int nodes = ChaosImage.nodes();
        Nemesis nemesis = Nemeses.byName(name);
        long seed = ChaosSeeds.parse(seedText);
        String reproduce = "-Dbulwark.chaos.nemeses=" + name + " -Dbulwark.chaos.seed=" + seedText
                + " -Dbulwark.chaos.nodes=" + nodes + " -Dbulwark.chaos.seconds=" + seconds;
        LOG.info("matrix {} on {} nodes, seed {} (reproduce: {})", name, nodes, seedText, reproduce);
        WorkloadSettings settings = WorkloadSettings.standard(Duration.ofSeconds(seconds), seed, nodes);
        try (NodeCluster cluster = NodeCluster.start(nemesis.clusterSpec(ClusterSpec.threeNodes(image).withNodes(nodes)))) {
            ChaosRun.Result r;
            try {
                // A combined fault's name joins two with '+', which a report directory name does not allow.
                r = ChaosRun.run("matrix-" + name.replace("+", "_and_") + "-" + nodes + "n-" + Long.toHexString(seed),
                        cluster, nemesis, settings, ChaosImage.REPORTS);
            } finally {
                cluster.healAll();
            }
            assertThat(r.faults()).as("faults injected by %s (%s)", name, reproduce).isPositive();
            assertThat(r.history().calls().stream().filter(Call::isOk).count()).as("ok calls (%s)", reproduce).isPositive();
            try {
                BuildGate.requireSafe(r.verdicts(), false);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seedText + ", reproduce with " + reproduce + "; report "
                        + r.reportDir() + "\n" + e.getMessage(), e);
            }
        }
    }
}
