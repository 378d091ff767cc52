package io.bulwark.bench.compare;

import io.bulwark.bench.compare.TargetVerdict.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTest {

    private static TargetVerdict find(List<TargetVerdict> all, String prefix) {
        return all.stream().filter(t -> t.target().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void shouldPassCheckVsEtcdOnlyWhenThroughputAndCpuBothMeetTheTarget(@TempDir Path dir) {
        PairResult good = Fixtures.pair("check-local-vs-etcd-get-64", new double[] {16_000, 17_000, 15_500},
                new double[] {10_000, 10_000, 10_000}, 40, 100, 2, 2);
        PairResult cpuHeavy = Fixtures.pair("check-local-vs-etcd-get-256", new double[] {16_000, 17_000, 15_500},
                new double[] {10_000, 10_000, 10_000}, 60, 100, 2, 2);
        List<TargetVerdict> v = Targets.judge(List.of(good, cpuHeavy), dir);
        assertThat(find(v, "Check LOCAL throughput >= 1.5x etcd serializable get (clean), server CPU per check <= 0.5x, at 64")
                .status()).isEqualTo(Status.PASS);
        TargetVerdict fail = find(v, "Check LOCAL throughput >= 1.5x etcd serializable get (clean), server CPU per check <= 0.5x, at 256");
        assertThat(fail.status()).isEqualTo(Status.FAIL);
        assertThat(fail.detail()).contains("throughput met").contains("CPU missed");
        assertThat(fail.measured()).startsWith("1.60x throughput (1.55-1.70)");
    }

    @Test
    void shouldFailRevokeWhenItsP99IsWorseThanEtcdsEvenIfFaster(@TempDir Path dir) {
        PairResult r = Fixtures.pair("revoke-vs-etcd-put-64", new double[] {20_000}, new double[] {10_000}, 10, 10, 50, 20);
        TargetVerdict t = find(Targets.judge(List.of(r), dir), "revoke throughput");
        assertThat(t.status()).isEqualTo(Status.FAIL);
        assertThat(t.detail()).contains("throughput met").contains("p99 missed");
    }

    @Test
    void shouldReportTargetsOfPairsNotRunAndFilesNotWrittenAsNotMeasured(@TempDir Path dir) {
        List<TargetVerdict> v = Targets.judge(List.of(), dir);
        assertThat(v).hasSize(8).allMatch(t -> t.status() == Status.NOT_MEASURED && t.measured().equals("not measured"));
    }

    @Test
    void shouldJudgeAFileTargetByItsOwnLimitAndShowItsTimestamp(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("recovery-latest.json"), """
                {"kind": "bulwark-recovery", "timestamp": "2026-11-29T13:10:00Z", "targets": [
                  {"id": "revocation_propagation_p99", "measured": 12.5, "unit": "ms", "limit": 10, "pass": false, "basis": "measured", "note": "box busy"},
                  {"id": "failover_first_write", "measured": 1800, "unit": "ms", "limit": 3000, "pass": true, "basis": "measured"}
                ]}
                """);
        Files.writeString(dir.resolve("jmh-latest.json"), """
                {"timestamp": "2026-11-29T12:00:00Z", "targets": [
                  {"id": "jmh_cached_token_check_time", "measured": 3478, "unit": "ns/op", "limit": 5000},
                  {"id": "jmh_cached_token_check_alloc", "measured": 4900, "unit": "B/op", "limit": 256}
                ]}
                """);
        Files.writeString(dir.resolve("scale-latest.json"), "{\"timestamp\": \"x\", \"targets\": []}");
        List<TargetVerdict> v = Targets.judge(List.of(), dir);
        TargetVerdict prop = find(v, "revocation applied");
        assertThat(prop.status()).isEqualTo(Status.FAIL);
        assertThat(prop.measured()).isEqualTo("12.500 ms (limit 10)");
        assertThat(prop.source()).contains("2026-11-29T13:10:00Z");
        assertThat(prop.detail()).isEqualTo("box busy");
        assertThat(find(v, "writes resume").status()).isEqualTo(Status.PASS);
        assertThat(find(v, "JMH cached-token check <= 5").status()).isEqualTo(Status.PASS);
        assertThat(find(v, "JMH cached-token check <= 256").status()).isEqualTo(Status.FAIL);
        TargetVerdict heap = find(v, "10M sessions");
        assertThat(heap.status()).isEqualTo(Status.NOT_MEASURED);
        assertThat(heap.detail()).contains("no row");
    }
}
