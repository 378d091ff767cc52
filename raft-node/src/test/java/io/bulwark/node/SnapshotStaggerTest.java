package io.bulwark.node;

import io.bulwark.node.config.NodeConfigReader;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The members of one cluster start their snapshots at different indexes: k/n of the threshold apart. */
class SnapshotStaggerTest {

    private static long stagger(String nodeId) {
        final Properties p = new Properties();
        p.setProperty("node.id", nodeId);
        p.setProperty("cluster.name", "c1");
        p.setProperty("cluster.peers", "n1=127.0.0.1:7101|127.0.0.1:7001, n2=127.0.0.1:7102|127.0.0.1:7002,"
                + " n3=127.0.0.1:7103|127.0.0.1:7003");
        p.setProperty("data.dir", "data/" + nodeId);
        p.setProperty("raft.snapshot.auto.threshold", "9000");
        return BulwarkNode.snapshotStagger(NodeConfigReader.fromProperties(p, null));
    }

    @Test
    void shouldSpreadTheMembersOverTheThreshold() {
        assertThat(stagger("n1")).isZero();
        assertThat(stagger("n2")).isEqualTo(3_000);
        assertThat(stagger("n3")).isEqualTo(6_000);
    }
}
