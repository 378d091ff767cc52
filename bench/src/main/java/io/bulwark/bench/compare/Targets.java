package io.bulwark.bench.compare;

import io.bulwark.bench.compare.TargetVerdict.Status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The target report of issue #5 item 5. The ratio targets are judged from this run's pairs; the
 * others are read from the newest files the JMH and scale/recovery tools write in
 * {@code docs/benchmarks/} ({@code jmh-latest.json}, {@code scale-latest.json},
 * {@code recovery-latest.json}: a {@code timestamp} and a {@code targets} list of rows with
 * {@code id, measured, unit, limit, pass, basis}; the ids are those tools' own:
 * {@code jmh_cached_token_check_time}, {@code jmh_cached_token_check_alloc}, {@code heap_10m_sessions},
 * {@code failover_first_write}, {@code revocation_propagation_p99}). A target with no such row is "not measured".
 */
final class Targets {
    private Targets() {
    }

    static List<TargetVerdict> judge(List<PairResult> pairs, Path resultsDir) {
        List<TargetVerdict> out = new ArrayList<>();
        for (PairResult p : pairs) {
            String id = p.pair.id();
            if (id.startsWith("check-local-vs-etcd-get-") && !id.contains("after-writes")) {
                out.add(checkVsEtcd(p));
            } else if (id.startsWith("check-local-one-node-vs-echo-")) {
                out.add(ratioOnly(p, "Check LOCAL throughput >= 0.7x the bare gRPC echo", 0.7));
            } else if (id.startsWith("revoke-vs-etcd-put-")) {
                out.add(revokeVsPut(p));
            }
        }
        if (out.stream().noneMatch(t -> t.target().startsWith("Check LOCAL throughput >= 1.5x"))) {
            out.add(notRun("Check LOCAL throughput >= 1.5x etcd serializable get (clean) at 64 and 256 in flight, "
                    + "server CPU per check <= 0.5x etcd's per get"));
        }
        if (out.stream().noneMatch(t -> t.target().startsWith("Check LOCAL throughput >= 0.7x"))) {
            out.add(notRun("Check LOCAL throughput >= 0.7x the bare gRPC echo"));
        }
        if (out.stream().noneMatch(t -> t.target().startsWith("revoke throughput"))) {
            out.add(notRun("revoke throughput >= 1.5x etcd put at 64 and 256 in flight, p99 no worse than etcd's"));
        }
        Path jmh = resultsDir.resolve("jmh-latest.json");
        out.add(fromFile(jmh, "JMH cached-token check <= 5 us/op",
                r -> "jmh_cached_token_check_time".equals(r.get("id"))));
        out.add(fromFile(jmh, "JMH cached-token check <= 256 B/op",
                r -> "jmh_cached_token_check_alloc".equals(r.get("id"))));
        out.add(fromFile(resultsDir.resolve("scale-latest.json"), "10M sessions with the JVM heap <= 512 MB",
                r -> "heap_10m_sessions".equals(r.get("id"))));
        out.add(fromFile(resultsDir.resolve("recovery-latest.json"), "writes resume <= 3 s after the leader is killed",
                r -> "failover_first_write".equals(r.get("id"))));
        out.add(fromFile(resultsDir.resolve("recovery-latest.json"),
                "revocation applied on every node within 10 ms p99 of its acknowledgement",
                r -> "revocation_propagation_p99".equals(r.get("id"))));
        return out;
    }

    private static TargetVerdict notRun(String target) {
        return new TargetVerdict(target, "not measured", Status.NOT_MEASURED, "this run",
                "the pair was not run (--only)");
    }

    private static String rounds(PairResult p) {
        return p.roundsUsed() + " round(s)" + (p.allNoisy() ? ", all noisy" : "")
                + (p.errors() > 0 ? ", " + p.errors() + " failed requests" : "");
    }

    private static TargetVerdict checkVsEtcd(PairResult p) {
        double[] tr = p.ratios(Repetition::throughput);
        double[] cr = p.ratios(Repetition::serverCpuUsPerOp);
        double t = PairResult.median(tr);
        double c = PairResult.median(cr);
        boolean pass = t >= 1.5 && c <= 0.5 && p.errors() == 0;
        String measured = String.format(Locale.ROOT, "%.2fx throughput (%.2f-%.2f), %.2fx server CPU/op (%.2f-%.2f)",
                t, PairResult.min(tr), PairResult.max(tr), c, PairResult.min(cr), PairResult.max(cr));
        String why = (t >= 1.5 ? "throughput met" : "throughput missed") + "; "
                + (c <= 0.5 ? "CPU met" : "CPU missed") + "; " + rounds(p);
        return new TargetVerdict("Check LOCAL throughput >= 1.5x etcd serializable get (clean), server CPU per check "
                + "<= 0.5x, at " + p.pair.inFlight() + " in flight", measured, pass ? Status.PASS : Status.FAIL,
                "this run", why);
    }

    private static TargetVerdict ratioOnly(PairResult p, String target, double min) {
        double[] tr = p.ratios(Repetition::throughput);
        double t = PairResult.median(tr);
        boolean pass = t >= min && p.errors() == 0;
        return new TargetVerdict(target + " (" + p.pair.inFlight() + " in flight)",
                String.format(Locale.ROOT, "%.2fx (%.2f-%.2f)", t, PairResult.min(tr), PairResult.max(tr)),
                pass ? Status.PASS : Status.FAIL, "this run", rounds(p));
    }

    private static TargetVerdict revokeVsPut(PairResult p) {
        double[] tr = p.ratios(Repetition::throughput);
        double t = PairResult.median(tr);
        double p99a = p.medianA(Repetition::p99Ms);
        double p99b = p.medianB(Repetition::p99Ms);
        boolean pass = t >= 1.5 && p99a <= p99b && p.errors() == 0;
        String measured = String.format(Locale.ROOT, "%.2fx throughput (%.2f-%.2f); p99 %.1f ms vs etcd %.1f ms",
                t, PairResult.min(tr), PairResult.max(tr), p99a, p99b);
        String why = (t >= 1.5 ? "throughput met" : "throughput missed") + "; "
                + (p99a <= p99b ? "p99 met" : "p99 missed") + "; " + rounds(p);
        return new TargetVerdict("revoke throughput >= 1.5x etcd put, p99 no worse than etcd's, at "
                + p.pair.inFlight() + " in flight", measured, pass ? Status.PASS : Status.FAIL, "this run", why);
    }

    /** The first row of the file's {@code targets} that {@code match} accepts, judged by its own limit. */
    static TargetVerdict fromFile(Path file, String target, Predicate<Map<?, ?>> match) {
        if (!Files.exists(file)) {
            return new TargetVerdict(target, "not measured", Status.NOT_MEASURED, file.getFileName().toString(),
                    "no " + file.getFileName() + " yet");
        }
        Map<?, ?> doc;
        try {
            Object parsed = JsonReader.parse(Files.readString(file));
            if (!(parsed instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("JSON: not an object");
            }
            doc = m;
        } catch (IOException | IllegalArgumentException e) {
            return new TargetVerdict(target, "not measured", Status.NOT_MEASURED, file.getFileName().toString(),
                    "unreadable: " + e.getMessage());
        }
        String source = file.getFileName() + " (" + doc.get("timestamp") + ")";
        Optional<Map<?, ?>> row = Optional.empty();
        if (doc.get("targets") instanceof List<?> rows) {
            for (Object r : rows) {
                if (r instanceof Map<?, ?> m && match.test(m)) {
                    row = Optional.of(m);
                    break;
                }
            }
        }
        if (row.isEmpty() || !(row.get().get("measured") instanceof Double value)) {
            return new TargetVerdict(target, "not measured", Status.NOT_MEASURED, source,
                    row.isEmpty() ? "the file has no row for this target" : "the file's row has no measured value");
        }
        Map<?, ?> r = row.get();
        double limit = r.get("limit") instanceof Double d ? d : Double.NaN;
        boolean pass = value <= limit;
        String basis = r.get("basis") == null ? "" : String.valueOf(r.get("basis"));
        String measured = String.format(Locale.ROOT, "%s %s (limit %s)", trim(value), r.get("unit"), trim(limit))
                + (basis.isEmpty() || basis.equals("measured") ? "" : ", " + basis);
        Object note = r.get("note");
        return new TargetVerdict(target, measured, pass ? Status.PASS : Status.FAIL, source,
                note == null ? "" : String.valueOf(note));
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
