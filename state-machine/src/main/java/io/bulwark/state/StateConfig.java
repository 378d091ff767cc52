package io.bulwark.state;

import java.time.Duration;

/**
 * Capacities and retention rules of the replicated tables. Every replica of a cluster must be
 * configured alike: a table's capacity decides whether a write is rejected, so it is part of
 * the deterministic state transition.
 *
 * @param sessionsCapacity          most session rows (default 1,000,000)
 * @param revocationsCapacity       most revocation rows: tokens, sessions, API keys (default 1,000,000)
 * @param subjectsCapacity          most subject not-before cut-offs (default 100,000)
 * @param requestIdsCapacity        most remembered request ids for de-duplication (default 1,000,000)
 * @param maxSessionsPerSubject     most live sessions one subject may hold (default 256)
 * @param requestIdRetention        how long a request id is remembered for de-duplication (default 10 min)
 */
public record StateConfig(
        long sessionsCapacity,
        long revocationsCapacity,
        long subjectsCapacity,
        long requestIdsCapacity,
        int maxSessionsPerSubject,
        Duration requestIdRetention) {

    public static StateConfig defaults() {
        return new StateConfig(1_000_000, 1_000_000, 100_000, 1_000_000, 256, Duration.ofMinutes(10));
    }

    /** Fails fast with a precise message on a value no table could be built with. */
    public StateConfig {
        requirePositive("sessionsCapacity", sessionsCapacity);
        requirePositive("revocationsCapacity", revocationsCapacity);
        requirePositive("subjectsCapacity", subjectsCapacity);
        requirePositive("requestIdsCapacity", requestIdsCapacity);
        requirePositive("maxSessionsPerSubject", maxSessionsPerSubject);
        if (requestIdRetention == null || requestIdRetention.isNegative() || requestIdRetention.isZero()) {
            throw new IllegalArgumentException("requestIdRetention must be a positive duration, was " + requestIdRetention);
        }
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}
