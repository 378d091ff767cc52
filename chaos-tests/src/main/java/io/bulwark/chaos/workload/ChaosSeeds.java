package io.bulwark.chaos.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The seeds a matrix runs with. A seed drives every random choice of a run (each client process's
 * operations and credentials, and each fault's victims, see {@link NemesisSchedule#faultRandom}), so a
 * failing run is re-run with its seed: {@code -Dbulwark.chaos.seed=0x…} (or {@code run-chaos --seed}).
 * What a seed cannot fix is timing: which node leads, and how calls interleave with faults.
 */
public final class ChaosSeeds {
    /** Upper bound on seeds per nemesis in one run (the long profile runs a few). */
    public static final int MAX_SEEDS = 20;

    private ChaosSeeds() {
    }

    /**
     * The seeds to run: exactly {@code seedText} when it is set (one seed, however many were asked),
     * otherwise {@code count} fresh seeds from {@code fresh}.
     *
     * @param seedText a seed in decimal or {@code 0x} hex, or null/blank for fresh seeds
     * @param count    how many fresh seeds (1-{@value #MAX_SEEDS})
     */
    public static List<Long> choose(String seedText, int count, LongSupplier fresh) {
        if (seedText != null && !seedText.isBlank()) {
            return List.of(parse(seedText));
        }
        if (count < 1 || count > MAX_SEEDS) {
            throw new IllegalArgumentException("seeds per nemesis must be 1-" + MAX_SEEDS + ", was " + count);
        }
        List<Long> seeds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            seeds.add(fresh.getAsLong());
        }
        return seeds;
    }

    /** Parses a seed written by {@link #format} (or plain decimal). */
    public static long parse(String text) {
        String t = text.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a seed (decimal or 0x hex): '" + text + "'", e);
        }
    }

    /** {@code 0x} and the seed's 64 bits in hex: what reports and logs print. */
    public static String format(long seed) {
        return "0x" + Long.toHexString(seed);
    }
}
