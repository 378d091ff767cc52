package io.bulwark.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Seeds: printed so they parse back, one explicit seed wins, and a seed fixes each fault's draws. */
class ChaosSeedsTest {

    @Test
    void shouldParseWhatItPrints() {
        for (long seed : new long[] {0, 1, -1, Long.MIN_VALUE, 0x1b2f3c4d5e6fL}) {
            assertThat(ChaosSeeds.parse(ChaosSeeds.format(seed))).isEqualTo(seed);
        }
        assertThat(ChaosSeeds.parse(" 42 ")).isEqualTo(42);
        assertThatThrownBy(() -> ChaosSeeds.parse("0xnope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xnope");
    }

    @Test
    void shouldRunExactlyTheGivenSeedOrSoManyFreshOnes() {
        AtomicLong fresh = new AtomicLong(100);
        assertThat(ChaosSeeds.choose("0x2a", 3, fresh::incrementAndGet)).containsExactly(42L);
        assertThat(ChaosSeeds.choose("", 3, fresh::incrementAndGet)).containsExactly(101L, 102L, 103L);
        assertThatThrownBy(() -> ChaosSeeds.choose(null, 0, fresh::incrementAndGet))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldGiveEachFaultTheSameDrawsForTheSameSeedWhateverEarlierFaultsDrew() {
        long seed = 0x5eedL;
        assertThat(draws(NemesisSchedule.faultRandom(seed, 3), 8)).isEqualTo(draws(NemesisSchedule.faultRandom(seed, 3), 8));
        // Fault 1's stream does not depend on how much fault 0 consumed.
        Random fault0 = NemesisSchedule.faultRandom(seed, 0);
        draws(fault0, 50);
        assertThat(draws(NemesisSchedule.faultRandom(seed, 1), 8)).isEqualTo(draws(NemesisSchedule.faultRandom(seed, 1), 8));
        assertThat(draws(NemesisSchedule.faultRandom(seed, 1), 8)).isNotEqualTo(draws(NemesisSchedule.faultRandom(seed, 2), 8));
        assertThat(draws(NemesisSchedule.faultRandom(seed, 1), 8)).isNotEqualTo(draws(NemesisSchedule.faultRandom(seed + 1, 1), 8));
    }

    private static List<Integer> draws(Random r, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(r.nextInt(1_000_000));
        }
        return out;
    }
}
