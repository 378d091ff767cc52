package io.bulwark.bench.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A pair's repetitions and what they add up to. Summaries use the medians of the repetitions that
 * were not noisy, or of all of them when every one was (and then say so with {@link #allNoisy()}).
 */
final class PairResult {
    final Pair pair;
    final List<Repetition> a = new ArrayList<>();
    final List<Repetition> b = new ArrayList<>();

    PairResult(Pair pair) {
        this.pair = pair;
    }

    /** Indexes of the repetitions (A and B of the same round) used for the summary. */
    private int[] used() {
        List<Integer> clean = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).noisy() && !b.get(i).noisy()) {
                clean.add(i);
            }
        }
        if (clean.isEmpty()) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                clean.add(i);
            }
        }
        return clean.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean allNoisy() {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).noisy() && !b.get(i).noisy()) {
                return false;
            }
        }
        return true;
    }

    int roundsUsed() {
        return used().length;
    }

    long errors() {
        long e = 0;
        for (Repetition r : a) {
            e += r.stats().errors();
        }
        for (Repetition r : b) {
            e += r.stats().errors();
        }
        return e;
    }

    double medianA(ToDoubleFunction<Repetition> f) {
        return median(a, f);
    }

    double medianB(ToDoubleFunction<Repetition> f) {
        return median(b, f);
    }

    private double median(List<Repetition> reps, ToDoubleFunction<Repetition> f) {
        int[] idx = used();
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = f.applyAsDouble(reps.get(idx[i]));
        }
        return median(v);
    }

    /** A/B of {@code f} per round (a round is one A run and the B run right after it). */
    double[] ratios(ToDoubleFunction<Repetition> f) {
        int[] idx = used();
        double[] r = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            r[i] = f.applyAsDouble(a.get(idx[i])) / f.applyAsDouble(b.get(idx[i]));
        }
        return r;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    double throughputRatio() {
        return median(ratios(Repetition::throughput));
    }

    double cpuRatio() {
        return median(ratios(Repetition::serverCpuUsPerOp));
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pair", pair.id());
        m.put("in_flight", pair.inFlight());
        m.put("a", pair.a().id());
        m.put("a_label", pair.a().label());
        m.put("b", pair.b().id());
        m.put("b_label", pair.b().label());
        m.put("note", pair.note());
        double[] tr = ratios(Repetition::throughput);
        double[] cr = ratios(Repetition::serverCpuUsPerOp);
        m.put("rounds_used", roundsUsed());
        m.put("all_noisy", allNoisy());
        m.put("throughput_ratio_median", median(tr));
        m.put("throughput_ratio_min", min(tr));
        m.put("throughput_ratio_max", max(tr));
        m.put("server_cpu_ratio_median", median(cr));
        m.put("server_cpu_ratio_min", min(cr));
        m.put("server_cpu_ratio_max", max(cr));
        m.put("a_repetitions", a.stream().map(Repetition::toMap).toList());
        m.put("b_repetitions", b.stream().map(Repetition::toMap).toList());
        return m;
    }
}
