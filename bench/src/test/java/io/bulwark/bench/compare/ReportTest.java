package io.bulwark.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void shouldWriteJsonMarkdownAndTwoReadablePngs(@TempDir Path dir) throws Exception {
        PairResult check = Fixtures.pair("check-local-vs-etcd-get-64", new double[] {30_000, 32_000},
                new double[] {20_000, 21_000}, 30, 60, 3, 4);
        PairResult revoke = Fixtures.pair("revoke-vs-etcd-put-64", new double[] {700, 900},
                new double[] {7_000, 7_500}, 900, 100, 200, 20);
        revoke.a.set(1, Fixtures.rep(900, 200, 900, true)); // round 2 noisy: left out of the summary
        List<PairResult> pairs = List.of(check, revoke);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("started", "2026-11-29T14:00:00Z");
        meta.put("finished", "2026-11-29T14:10:00Z");
        meta.put("smoke", false);
        meta.put("setup_note", "test");
        meta.put("repetitions", 2);
        meta.put("duration_sec", 8.0);
        meta.put("warmup_sec", 2.0);
        meta.put("noise_threshold_cores", 0.5);
        meta.put("max_retries", 2);
        Report report = new Report(meta, pairs, Targets.judge(pairs, dir));
        report.write(dir, Instant.parse("2026-11-29T14:00:00Z"));

        String json = Files.readString(dir.resolve("compare-2026-11-29.json"));
        assertThat(JsonReader.parse(json)).isInstanceOf(Map.class);
        assertThat(json).contains("\"throughput_ratio_median\": 1.512");
        String md = Files.readString(dir.resolve("compare-latest.md"));
        assertThat(md).contains("| check-local-vs-etcd-get-64 | 64 | A: bulwark-x label | 31,000 |")
                .contains("**0.10** (0.10–0.10)") // only the quiet round of the revoke pair is used
                .contains("## Targets (issue #5)")
                .contains("| 1 (1) |");
        for (String png : List.of("compare-latest-throughput.png", "compare-latest-latency.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertThat(img).as(png).isNotNull();
            assertThat(img.getWidth()).isEqualTo(1400);
            assertThat(img.getHeight()).isGreaterThan(150);
        }
        assertThat(report.summaryText()).contains("revoke-vs-etcd-put-64").contains("FAIL");
    }
}
