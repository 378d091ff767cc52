package io.bulwark.bench.compare;

import io.bulwark.bench.load.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a comparison run: {@code compare-<date>.json} (every repetition), {@code compare-latest.md}
 * (the table and the target report) and the two PNG charts, and prints the same summary.
 */
final class Report {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final Map<String, Object> meta;
    private final List<PairResult> pairs;
    private final List<TargetVerdict> targets;

    Report(Map<String, Object> meta, List<PairResult> pairs, List<TargetVerdict> targets) {
        this.meta = meta;
        this.pairs = pairs;
        this.targets = targets;
    }

    void write(Path dir, Instant started) throws IOException {
        Files.createDirectories(dir);
        String day = DAY.format(started);
        Map<String, Object> doc = new LinkedHashMap<>(meta);
        List<Map<String, Object>> p = new ArrayList<>();
        for (PairResult r : pairs) {
            p.add(r.toMap());
        }
        doc.put("pairs", p);
        doc.put("targets", targets.stream().map(TargetVerdict::toMap).toList());
        Path json = dir.resolve("compare-" + day + ".json");
        if (Files.exists(json)) {
            // A second run on the same day keeps the first one's file (the docs may link to it).
            json = dir.resolve("compare-" + day + "T" + java.time.format.DateTimeFormatter.ofPattern("HHmm")
                    .withZone(java.time.ZoneOffset.UTC).format(started) + ".json");
        }
        Files.writeString(json, Json.write(doc));
        Charts.throughput(pairs, dir.resolve("compare-latest-throughput.png"));
        Charts.latency(pairs, dir.resolve("compare-latest-latency.png"));
        Files.writeString(dir.resolve("compare-latest.md"), markdown(json.getFileName().toString()));
        System.out.println("written: " + json + ", " + dir.resolve("compare-latest.md") + ", "
                + dir.resolve("compare-latest-throughput.png") + ", " + dir.resolve("compare-latest-latency.png"));
    }

    private static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }

    private static String ops(double v) {
        return f("%,.0f", v);
    }

    String markdown(String jsonName) {
        StringBuilder b = new StringBuilder();
        b.append("# Bulwark vs etcd, Redis and a bare gRPC echo: latest comparison\n\n");
        b.append("Written by `bench/bin/compare`").append(Boolean.TRUE.equals(meta.get("smoke")) ? " **(smoke run: not a measurement)**" : "")
                .append(". Run ").append(meta.get("started")).append(" → ").append(meta.get("finished"))
                .append("; raw data: [`").append(jsonName).append("`](").append(jsonName).append(").\n\n");
        b.append(f("Each pair ran %s round(s) of A then B (closed loop, %s s warm-up + %s s measured per run). "
                        + "Throughput and latency are medians over the rounds used; a round is left out when either run in it "
                        + "was noisy (other processes above %s cores after %s retries), unless all were. "
                        + "Server CPU/op is user+system time of the side's server processes (/proc/PID/stat) over the measured "
                        + "run, divided by its successful operations. Ratios are A/B per round: median (min–max).\n\n",
                meta.get("repetitions"), meta.get("warmup_sec"), meta.get("duration_sec"),
                meta.get("noise_threshold_cores"), meta.get("max_retries")));
        b.append("leader".equals(meta.get("write_routing"))
                ? f("Writes (both sides) went to the node each cluster reported as leader: %s.%n%n", meta.get("writes_to"))
                : "Writes (both sides) were spread round-robin over all nodes; followers forwarded them to the leader.\n\n");
        if (!String.valueOf(meta.get("setup_note")).isBlank()) {
            b.append("Setup: ").append(meta.get("setup_note")).append("\n\n");
        }
        b.append("| pair | in flight | workload | ops/s | p50 ms | p99 ms | server CPU µs/op | throughput A/B | CPU/op A/B | rounds used (noisy runs) | errors |\n");
        b.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PairResult r : pairs) {
            double[] tr = r.ratios(Repetition::throughput);
            double[] cr = r.ratios(Repetition::serverCpuUsPerOp);
            long noisy = r.a.stream().filter(Repetition::noisy).count() + r.b.stream().filter(Repetition::noisy).count();
            b.append(f("| %s | %d | A: %s | %s | %.2f | %.2f | %.1f | **%.2f** (%.2f–%.2f) | %.2f (%.2f–%.2f) | %d (%d) | %d |\n",
                    r.pair.id(), r.pair.inFlight(), r.pair.a().label(), ops(r.medianA(Repetition::throughput)),
                    r.medianA(x -> x.stats().percentileMs(50)), r.medianA(Repetition::p99Ms),
                    r.medianA(Repetition::serverCpuUsPerOp), PairResult.median(tr), PairResult.min(tr), PairResult.max(tr),
                    PairResult.median(cr), PairResult.min(cr), PairResult.max(cr), r.roundsUsed(), noisy,
                    r.a.stream().mapToLong(x -> x.stats().errors()).sum()));
            b.append(f("|  |  | B: %s | %s | %.2f | %.2f | %.1f |  |  |  | %d |\n",
                    r.pair.b().label(), ops(r.medianB(Repetition::throughput)),
                    r.medianB(x -> x.stats().percentileMs(50)), r.medianB(Repetition::p99Ms),
                    r.medianB(Repetition::serverCpuUsPerOp), r.b.stream().mapToLong(x -> x.stats().errors()).sum()));
        }
        b.append("\nNotes per pair:\n\n");
        for (PairResult r : pairs) {
            b.append("- `").append(r.pair.id()).append("`: ").append(r.pair.note()).append('\n');
        }
        b.append("\n![throughput](compare-latest-throughput.png)\n\n![latency](compare-latest-latency.png)\n\n");
        b.append("## Targets (issue #5)\n\n| target | measured | verdict | source | why |\n|---|---|---|---|---|\n");
        for (TargetVerdict t : targets) {
            b.append(f("| %s | %s | **%s** | %s | %s |\n", t.target(), t.measured(), t.status().name().replace('_', ' '),
                    t.source(), t.detail().replace("|", "/").replace("\n", " ")));
        }
        return b.toString();
    }

    String summaryText() {
        StringBuilder b = new StringBuilder();
        b.append(f("%-48s %-36s %10s %8s %8s %9s %16s%n", "pair", "side", "ops/s", "p50 ms", "p99 ms", "cpu us/op",
                "ratio A/B"));
        for (PairResult r : pairs) {
            double[] tr = r.ratios(Repetition::throughput);
            b.append(f("%-48s %-36s %10s %8.2f %8.2f %9.1f %6.2f (%.2f-%.2f)%n", r.pair.id(), r.pair.a().id(),
                    ops(r.medianA(Repetition::throughput)), r.medianA(x -> x.stats().percentileMs(50)),
                    r.medianA(Repetition::p99Ms), r.medianA(Repetition::serverCpuUsPerOp),
                    PairResult.median(tr), PairResult.min(tr), PairResult.max(tr)));
            b.append(f("%-48s %-36s %10s %8.2f %8.2f %9.1f%n", "", r.pair.b().id(),
                    ops(r.medianB(Repetition::throughput)), r.medianB(x -> x.stats().percentileMs(50)),
                    r.medianB(Repetition::p99Ms), r.medianB(Repetition::serverCpuUsPerOp)));
        }
        b.append(System.lineSeparator()).append("Targets (issue #5):").append(System.lineSeparator());
        for (TargetVerdict t : targets) {
            b.append(f("  %-12s %s%n               measured: %s [%s]%s%n", t.status(), t.target(), t.measured(),
                    t.source(), t.detail().isEmpty() ? "" : System.lineSeparator() + "               " + t.detail()));
        }
        return b.toString();
    }
}
