package io.bulwark.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                "random-halves", "pause-node", "clock-ahead");
        for (String name : Nemeses.names()) {
            assertThat(Nemeses.byName(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> Nemeses.byName("nope")).hasMessageContaining("known");
    }
}
