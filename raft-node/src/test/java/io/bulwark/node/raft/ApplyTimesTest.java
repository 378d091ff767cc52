package io.bulwark.node.raft;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ApplyTimesTest {

    private final AtomicLong monotonicNs = new AtomicLong(5_000_000_000L);
    private final AtomicLong wallUs = new AtomicLong(1_700_000_000_000_000L);
    private final ApplyTimes times = new ApplyTimes(monotonicNs::get, wallUs::get);

    /** Moves both clocks forward together, as real time passes. */
    private void advanceMicros(long us) {
        monotonicNs.addAndGet(us * 1_000);
        wallUs.addAndGet(us);
    }

    @Test
    void answersTheWallTimeOfEachApplyNotOfTheQuestion() {
        final long wallAtFirst = wallUs.get();
        times.record(7);
        advanceMicros(1_500);
        times.record(8);
        advanceMicros(250_000);
        assertThat(times.wallMicros(7)).isEqualTo(wallAtFirst);
        assertThat(times.wallMicros(8)).isEqualTo(wallAtFirst + 1_500);
    }

    @Test
    void unknownIndexesAnswerZero() {
        times.record(10);
        assertThat(times.wallMicros(9)).isZero();
        assertThat(times.wallMicros(11)).isZero();
        assertThat(times.wallMicros(0)).isZero();
        assertThat(times.wallMicros(-3)).isZero();
    }

    @Test
    void keepsTheFirstTimeAnIndexIsHeard() {
        final long first = wallUs.get();
        times.record(42);
        advanceMicros(9_000);
        times.record(42);
        assertThat(times.wallMicros(42)).isEqualTo(first);
    }

    @Test
    void forgetsAnIndexOnceTheRingHasMovedPastIt() {
        times.record(1);
        assertThat(times.wallMicros(1)).isNotZero();
        // The index sharing its slot, one ring later, replaces it.
        times.record(1 + ApplyTimes.CAPACITY);
        assertThat(times.wallMicros(1)).isZero();
        assertThat(times.wallMicros(1 + ApplyTimes.CAPACITY)).isNotZero();
        // Its neighbours are untouched.
        times.record(2);
        assertThat(times.wallMicros(2)).isNotZero();
    }

    @Test
    void aWallClockStepMovesAnswersGivenAfterIt() {
        final long before = wallUs.get();
        times.record(3);
        // NTP steps the wall clock back 2 s; the monotonic clock does not move.
        wallUs.addAndGet(-2_000_000);
        assertThat(times.wallMicros(3)).isEqualTo(before - 2_000_000);
    }
}
