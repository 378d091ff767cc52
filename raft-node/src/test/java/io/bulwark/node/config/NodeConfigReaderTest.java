package io.bulwark.node.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeConfigReaderTest {

    private static Properties minimal() {
        final Properties p = new Properties();
        p.setProperty("node.id", "n2");
        p.setProperty("cluster.name", "c1");
        p.setProperty("cluster.peers", "n1=127.0.0.1:7101|127.0.0.1:7001, n2=127.0.0.1:7102|127.0.0.1:7002");
        p.setProperty("data.dir", "data/n2");
        return p;
    }

    @Test
    void shouldApplyDocumentedDefaults() {
        final NodeConfig c = NodeConfigReader.fromProperties(minimal(), Path.of("/etc/bulwark"));
        assertThat(c.apiListen()).isEqualTo(new HostPort("127.0.0.1", 7002));
        assertThat(c.dataDir()).isEqualTo(Path.of("/etc/bulwark/data/n2"));
        assertThat(c.electionTimeoutMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.electionTimeoutMax()).isEqualTo(Duration.ofMillis(1250));
        assertThat(c.snapshotAutoThreshold()).isEqualTo(10_000);
        assertThat(c.snapshotAutoLogPercent()).isEqualTo(50);
        assertThat(c.snapshotRetain()).isEqualTo(2);
        assertThat(c.appenderWaitMin()).isEqualTo(Duration.ZERO);
        assertThat(c.readsMaxStaleness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.readsStaleMode()).isEqualTo(StaleMode.REFUSE);
        assertThat(c.writesBatchMaxCommands()).isEqualTo(256);
        assertThat(c.writesBatchLinger()).isEqualTo(Duration.ofMillis(1));
        assertThat(c.requestMaxBytes()).isEqualTo(16_384);
        assertThat(c.sessionTtlMax()).isEqualTo(Duration.ofDays(30));
        assertThat(c.revocationRetentionDefault()).isEqualTo(Duration.ofDays(7));
        assertThat(c.state().requestIdRetention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.self().raftAddress().port()).isEqualTo(7102);
        assertThat(c.groupUuid()).isEqualTo(NodeConfigReader.fromProperties(minimal(), null).groupUuid());
    }

    @Test
    void shouldReadEveryDurationSpelling() {
        final Properties p = minimal();
        p.setProperty("reads.max.staleness", "500ms");
        p.setProperty("writes.timeout", "PT3S");
        p.setProperty("purge.interval", "5m");
        p.setProperty("requests.retention", "24h");
        p.setProperty("sessions.ttl.max", "P30D");
        p.setProperty("reads.stale.mode", "fail-closed");
        final NodeConfig c = NodeConfigReader.fromProperties(p, null);
        assertThat(c.readsMaxStaleness()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.writesTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.purgeInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.state().requestIdRetention()).isEqualTo(Duration.ofHours(24));
        assertThat(c.sessionTtlMax()).isEqualTo(Duration.ofDays(30));
        assertThat(c.readsStaleMode()).isEqualTo(StaleMode.FAIL_CLOSED);
    }

    @Test
    void shouldListEveryProblemNamingItsKey() {
        final Properties p = minimal();
        p.remove("cluster.name");
        p.setProperty("node.id", "n9");
        p.setProperty("raft.election.timeout.min", "3s");
        p.setProperty("raft.election.timeout.max", "2s");
        p.setProperty("reads.stale.mode", "maybe");
        p.setProperty("writes.timeout", "5 parsecs");
        p.setProperty("tables.sessions.capacity", "-1");
        p.setProperty("reads.max.stalenes", "5s");
        p.setProperty("raft.appender.wait.min", "1s");
        assertThatThrownBy(() -> NodeConfigReader.fromProperties(p, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(m -> assertThat(m).startsWith("cluster.name: required"))
                        .anySatisfy(m -> assertThat(m).startsWith("node.id: 'n9' is not one of"))
                        .anySatisfy(m -> assertThat(m).startsWith("raft.election.timeout.max: must be greater"))
                        .anySatisfy(m -> assertThat(m).startsWith("reads.stale.mode:"))
                        .anySatisfy(m -> assertThat(m).startsWith("writes.timeout: unknown duration unit"))
                        .anySatisfy(m -> assertThat(m).startsWith("tables.sessions.capacity: must be"))
                        .anySatisfy(m -> assertThat(m).isEqualTo("raft.appender.wait.min: must be 0-100ms, was 1s"))
                        .anySatisfy(m -> assertThat(m).isEqualTo("reads.max.stalenes: unknown key")));
    }

    @Test
    void shouldRejectDuplicatePeersAndMalformedAddresses() {
        final Properties p = minimal();
        p.setProperty("cluster.peers", "n1=127.0.0.1:7101|127.0.0.1:7001,n1=127.0.0.1:7102|127.0.0.1:7002,n2=nohost|x:1");
        assertThatThrownBy(() -> NodeConfigReader.fromProperties(p, null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .anySatisfy(m -> assertThat(m).contains("duplicate id 'n1'"))
                        .anySatisfy(m -> assertThat(m).contains("expected host:port")));
    }

    @Test
    void shouldReadPolicyKeysRelativeToTheConfigDirectory() {
        final Properties p = minimal();
        // The examples directory plays the config file's directory: its TEST-ONLY public signing key.
        p.setProperty("policy.trusted.keys", "keys/bundle-signer.public.jwk.json");
        p.setProperty("policy.versions.keep", "5");
        p.setProperty("policy.token.cache.size", "0");
        final Path examples = Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();
        final NodeConfig c = NodeConfigReader.fromProperties(p, examples);
        assertThat(c.policyTrustedKeys()).containsExactly(examples.resolve("keys/bundle-signer.public.jwk.json"));
        assertThat(c.policyVersionsKeep()).isEqualTo(5);
        assertThat(c.policyTokenCacheSize()).isZero();

        final NodeConfig defaults = NodeConfigReader.fromProperties(minimal(), null);
        assertThat(defaults.policyTrustedKeys()).isEmpty();
        assertThat(defaults.policyVersionsKeep()).isEqualTo(10);
        assertThat(defaults.policyTokenCacheSize()).isEqualTo(100_000);
    }

    @Test
    void shouldRejectUnreadablePolicyKeysAndBadBounds() {
        final Properties p = minimal();
        p.setProperty("policy.trusted.keys", "/nonexistent/keys.jwks.json");
        p.setProperty("policy.versions.keep", "2");
        assertThatThrownBy(() -> NodeConfigReader.fromProperties(p, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("policy.trusted.keys")
                .hasMessageContaining("policy.versions.keep: must be 4-1000");
    }

    @Test
    void shouldBoundTheSnapshotLogPercent() {
        final Properties off = minimal();
        off.setProperty("raft.snapshot.auto.log.percent", "0");
        assertThat(NodeConfigReader.fromProperties(off, null).snapshotAutoLogPercent()).isZero();
        final Properties negative = minimal();
        negative.setProperty("raft.snapshot.auto.log.percent", "-5");
        assertThatThrownBy(() -> NodeConfigReader.fromProperties(negative, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("raft.snapshot.auto.log.percent: must be 0-10000");
    }

    @Test
    void shouldJoinOnlyWhenAskedExactly() {
        assertThat(NodeConfigReader.fromProperties(minimal(), null).join()).isFalse();
        final Properties on = minimal();
        on.setProperty("cluster.join", "true");
        assertThat(NodeConfigReader.fromProperties(on, null).join()).isTrue();
        final Properties typo = minimal();
        typo.setProperty("cluster.join", "1");
        assertThatThrownBy(() -> NodeConfigReader.fromProperties(typo, null))
                .hasMessageContaining("cluster.join: must be true or false");
    }

    @Test
    void shouldKeepUnsafeLinearizableReadsOffUnlessExactlyTrue() {
        assertThat(NodeConfigReader.fromProperties(minimal(), null).unsafeLinearizableReadsLocal()).isFalse();

        final Properties on = minimal();
        on.setProperty("testing.unsafe.linearizable.reads.local", "true");
        assertThat(NodeConfigReader.fromProperties(on, null).unsafeLinearizableReadsLocal()).isTrue();

        final Properties off = minimal();
        off.setProperty("testing.unsafe.linearizable.reads.local", "false");
        assertThat(NodeConfigReader.fromProperties(off, null).unsafeLinearizableReadsLocal()).isFalse();

        final Properties typo = minimal();
        typo.setProperty("testing.unsafe.linearizable.reads.local", "yes");
        assertThatThrownBy(() -> NodeConfigReader.fromProperties(typo, null))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("testing.unsafe.linearizable.reads.local: must be true or false");
    }
}
