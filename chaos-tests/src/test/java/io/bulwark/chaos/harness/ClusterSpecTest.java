package io.bulwark.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.chaos.nemesis.ClockDrift;
import io.bulwark.chaos.nemesis.Combined;
import io.bulwark.chaos.nemesis.DiskFull;
import io.bulwark.chaos.nemesis.KillRestart;
import io.bulwark.chaos.nemesis.Nemeses;
import org.junit.jupiter.api.Test;

class ClusterSpecTest {

    @Test
    void shouldTurnTheUnsafeSwitchOnOnlyWhenAsked() {
        ClusterSpec safe = ClusterSpec.threeNodes("bulwark-node:dev");
        assertThat(safe.extraProperties()).doesNotContain("testing.unsafe");
        assertThat(safe.withUnsafeLinearizableReads().extraProperties())
                .contains("testing.unsafe.linearizable.reads.local=true");
    }

    @Test
    void shouldNameNodesAndRefuseOtherSizes() {
        assertThat(ClusterSpec.threeNodes("img").nodeNames()).containsExactly("n1", "n2", "n3");
        assertThat(ClusterSpec.threeNodes("img").withNodes(5).nodeNames()).hasSize(5).endsWith("n5");
        assertThatThrownBy(() -> ClusterSpec.threeNodes("img").withNodes(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindEveryNemesisByItsUniqueName() {
        assertThat(Nemeses.names()).doesNotHaveDuplicates().contains("kill-leader", "isolate-leader", "one-way-link",
                "random-halves", "pause-node", "clock-ahead", "clock-drift-slow", "clock-drift-fast", "membership",
                "disk-full", "isolate-leader+kill-node", "clock-ahead+pause-leader");
        for (String name : Nemeses.names()) {
            assertThat(Nemeses.byName(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Nemeses.byName("nope")).hasMessageContaining("known");
    }

    @Test
    void shouldGiveOnlyTheDiskNemesisSmallVolumesAndSmallLogSegments() {
        ClusterSpec defaults = ClusterSpec.threeNodes("img");
        assertThat(Nemeses.byName("kill-node").clusterSpec(defaults)).isEqualTo(defaults);
        ClusterSpec disk = Nemeses.byName("disk-full").clusterSpec(defaults);
        assertThat(disk.dataVolumeMb()).isEqualTo(128);
        assertThat(disk.extraProperties()).contains("raft.log.segment.size.max=65536", "writes.batch.max.bytes=65536");
        assertThat(defaults.extraProperties()).doesNotContain("raft.log.segment.size.max");
        assertThat(new Combined(new KillRestart(false), new DiskFull()).clusterSpec(defaults).dataVolumeMb())
                .isEqualTo(128);
        assertThatThrownBy(() -> defaults.withDataVolumeMb(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClockDrift(1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
