package io.bulwark.chaos.history;

/**
 * The interval during which a nemesis fault was active.
 *
 * @param fault      the fault name
 * @param startNanos when the nemesis started it
 * @param endNanos   when it was healed, or the end of the history if it never was
 * @param healed     false when no stop event was recorded
 */
public record FaultWindow(String fault, long startNanos, long endNanos, boolean healed) {

    /** True when {@code timeNanos} lies in [start, end]. */
    public boolean contains(long timeNanos) {
        return timeNanos >= startNanos && timeNanos <= endNanos;
    }
}
