package io.bulwark.bench.compare;

import io.bulwark.bench.load.RunStats;
import org.HdrHistogram.Histogram;

import java.util.Map;

/** Repetitions with chosen numbers, for judging and reporting without servers. */
final class Fixtures {
    private Fixtures() {
    }

    static Side side(String id, String system) {
        return new Side(id, id + " label", system, seq -> null, Side.Preparation.NONE);
    }

    /** A 10 s run with {@code throughput} ops/s, every latency {@code latencyMs}, and the given server CPU/op. */
    static Repetition rep(double throughput, double latencyMs, double cpuUsPerOp, boolean noisy) {
        Histogram h = new Histogram(60_000_000L, 3);
        h.recordValueWithCount((long) (latencyMs * 1000), 100);
        RunStats s = new RunStats("w", "closed", 64, 0, 10.0, (long) (throughput * 10), 0, Map.of(), h);
        return new Repetition(s, cpuUsPerOp, 5.0, noisy ? 1.0 : 0.1, 1, noisy);
    }

    static PairResult pair(String id, double[] aTput, double[] bTput, double aCpu, double bCpu,
                           double aP99, double bP99) {
        int inFlight = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        PairResult r = new PairResult(new Pair(id, side("bulwark-x", "bulwark"), side("etcd-y", "etcd"), inFlight, "note"));
        for (int i = 0; i < aTput.length; i++) {
            r.a.add(rep(aTput[i], aP99, aCpu, false));
            r.b.add(rep(bTput[i], bP99, bCpu, false));
        }
        return r;
    }
}
