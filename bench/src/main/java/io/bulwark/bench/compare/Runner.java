package io.bulwark.bench.compare;

import io.bulwark.bench.load.ClosedLoopDriver;
import io.bulwark.bench.load.RunStats;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a pair's rounds: in each round A, then B, each after its preparation and an unmeasured
 * warm-up, with CPU sampled around the measured part. A run during which other processes used more
 * than the noise threshold is run again (bounded), and kept marked noisy if it never came out quiet.
 */
final class Runner {
    private final CpuSampler cpu;
    private final Duration warmup;
    private final Duration duration;
    private final double noiseCores;
    private final int maxRetries;
    /** One sequence per side for the whole run, so writes never reuse an id across rounds. */
    private final Map<String, AtomicLong> sequences = new HashMap<>();

    Runner(CpuSampler cpu, Duration warmup, Duration duration, double noiseCores, int maxRetries) {
        this.cpu = cpu;
        this.warmup = warmup;
        this.duration = duration;
        this.noiseCores = noiseCores;
        this.maxRetries = maxRetries;
    }

    /** Runs every distinct side of the pairs once for {@code time}, unmeasured (JIT, connections, caches). */
    void warmUp(List<Pair> pairs, Duration time) throws Exception {
        java.util.Set<String> done = new java.util.HashSet<>();
        for (Pair p : pairs) {
            for (Side s : List.of(p.a(), p.b())) {
                if (done.add(s.id())) {
                    RunStats st = new ClosedLoopDriver(s.operation(), p.inFlight())
                            .run(s.id(), time, sequences.computeIfAbsent(s.id(), k -> new AtomicLong()));
                    System.out.printf("   warm-up %-36s %8.0f/s, %d errors%n", s.id(), st.throughputPerSec(), st.errors());
                }
            }
        }
    }

    /** Runs one side alone, unmeasured, at the in-flight of the first pair that has it; nothing when none has it. */
    void warmUpSide(List<Pair> pairs, String sideId, Duration time) throws Exception {
        for (Pair p : pairs) {
            for (Side s : List.of(p.a(), p.b())) {
                if (s.id().equals(sideId)) {
                    RunStats st = new ClosedLoopDriver(s.operation(), p.inFlight())
                            .run(s.id(), time, sequences.computeIfAbsent(s.id(), k -> new AtomicLong()));
                    System.out.printf("   write warm-up %-30s %8.0f/s for %d s, %d errors%n", s.id(), st.throughputPerSec(),
                            time.toSeconds(), st.errors());
                    return;
                }
            }
        }
    }

    PairResult run(Pair pair, int rounds) throws Exception {
        PairResult result = new PairResult(pair);
        for (int r = 0; r < rounds; r++) {
            result.a.add(runSide(pair.a(), pair.inFlight()));
            result.b.add(runSide(pair.b(), pair.inFlight()));
        }
        System.out.printf("   ratio A/B throughput median %.2f (rounds %d%s), server CPU/op %.2f%n",
                result.throughputRatio(), result.roundsUsed(), result.allNoisy() ? ", all noisy" : "",
                result.cpuRatio());
        return result;
    }

    private Repetition runSide(Side side, int inFlight) throws Exception {
        AtomicLong seq = sequences.computeIfAbsent(side.id(), k -> new AtomicLong());
        ClosedLoopDriver driver = new ClosedLoopDriver(side.operation(), inFlight);
        for (int attempt = 1; ; attempt++) {
            side.beforeEach().run();
            if (!warmup.isZero()) {
                driver.run(side.id(), warmup, seq);
            }
            CpuSampler.Sample before = cpu.sample();
            RunStats stats = driver.run(side.id(), duration, seq);
            CpuSampler.Sample after = cpu.sample();
            CpuSampler.Delta d = cpu.between(before, after);
            double ops = Math.max(1, stats.ok());
            double serverUs = d.groupCpuSec().getOrDefault(side.system(), Double.NaN) * 1e6 / ops;
            double clientUs = d.selfCpuSec() * 1e6 / ops;
            double other = d.otherCores();
            boolean noisy = other > noiseCores;
            System.out.printf("   %s  server %.1f us/op, client %.1f us/op, others %.2f cores%s%n",
                    stats.summaryLine(), serverUs, clientUs, other,
                    noisy ? (attempt <= maxRetries ? "  NOISY, retrying" : "  NOISY, kept") : "");
            if (!stats.errorsByKind().isEmpty()) {
                System.out.println("      errors: " + stats.errorsByKind());
            }
            if (!noisy || attempt > maxRetries) {
                return new Repetition(stats, serverUs, clientUs, other, attempt, noisy);
            }
        }
    }
}
