package io.bulwark.chaos.workload;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds and mix of a run.
 *
 * @param processes        client threads (logical processes); process p talks to node p mod N only
 * @param duration         how long the workers invoke (the nemesis runs in the same window)
 * @param maxOpsPerProcess a hard bound on calls per process, whatever the duration
 * @param callDeadline     deadline of every call
 * @param faultEvery       quiet time before each fault
 * @param faultFor         how long each fault lasts before it is healed
 * @param seed             seeds every random choice (workers and victims), printed in the report name
 */
public record WorkloadSettings(int processes, Duration duration, int maxOpsPerProcess, Duration callDeadline,
                               Duration faultEvery, Duration faultFor, long seed) {

    /** Validates the bounds. */
    public WorkloadSettings {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(callDeadline, "callDeadline");
        Objects.requireNonNull(faultEvery, "faultEvery");
        Objects.requireNonNull(faultFor, "faultFor");
        if (processes < 1 || processes > 64) {
            throw new IllegalArgumentException("processes must be 1-64, was " + processes);
        }
        if (maxOpsPerProcess < 1 || duration.isNegative() || duration.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("a run is bounded: 1+ ops per process and at most 30 minutes");
        }
    }

    /** Six processes (two per node of three), {@code duration}, faults of 4 s every 3 s, 5 s call deadlines. */
    public static WorkloadSettings standard(Duration duration, long seed) {
        return standard(duration, seed, 3);
    }

    /** As {@link #standard(Duration, long)} with two processes per node of {@code nodes}. */
    public static WorkloadSettings standard(Duration duration, long seed, int nodes) {
        return new WorkloadSettings(2 * nodes, duration, 2_000, Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofSeconds(4), seed);
    }
}
