package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.FaultWindow;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Availability as numbers, not a verdict: the ok rate of client calls that began inside a fault
 * window and of those that began outside, and how long service took to return after the last heal.
 * Post-heal verification calls (final reads, digests) are left out.
 *
 * @param callsInFaults       calls that began inside a fault window
 * @param okInFaults          of those, the ok ones
 * @param callsOutsideFaults  calls that began outside every window
 * @param okOutsideFaults     of those, the ok ones
 * @param lastHealNanos       runner-clock time of the last heal, or -1 if no fault was healed
 * @param recoveryNanos       from the last heal to the completion of the first ok call begun after
 *                            it; -1 when there is none (never recovered, or no heal)
 * @param lastFailureAfterHealNanos from the last heal to the completion of the last non-ok call begun
 *                            after it; 0 when every such call was ok
 * @param unhealedFaults      fault windows with no heal recorded
 */
public record AvailabilityStats(long callsInFaults, long okInFaults, long callsOutsideFaults, long okOutsideFaults,
                                long lastHealNanos, long recoveryNanos, long lastFailureAfterHealNanos,
                                long unhealedFaults) {

    /** Computes the statistics of {@code history}. */
    public static AvailabilityStats of(History history) {
        long inFaults = 0;
        long okIn = 0;
        long outside = 0;
        long okOut = 0;
        long lastHeal = -1;
        long unhealed = 0;
        for (FaultWindow w : history.faultWindows()) {
            if (w.healed()) {
                lastHeal = Math.max(lastHeal, w.endNanos());
            } else {
                unhealed++;
            }
        }
        long firstOkAfterHeal = Long.MAX_VALUE;
        long lastFailAfterHeal = -1;
        for (Call c : history.calls()) {
            if (c.f() == Fn.FINAL_READ || c.f() == Fn.STATE_DIGEST) {
                continue;
            }
            boolean in = false;
            for (FaultWindow w : history.faultWindows()) {
                if (w.contains(c.startNanos())) {
                    in = true;
                    break;
                }
            }
            if (in) {
                inFaults++;
                okIn += c.isOk() ? 1 : 0;
            } else {
                outside++;
                okOut += c.isOk() ? 1 : 0;
            }
            if (lastHeal >= 0 && c.startNanos() >= lastHeal) {
                if (c.isOk()) {
                    firstOkAfterHeal = Math.min(firstOkAfterHeal, c.endNanos());
                } else {
                    long end = c.recordedEndNanos() >= 0 ? c.recordedEndNanos() : history.endNanos();
                    lastFailAfterHeal = Math.max(lastFailAfterHeal, end);
                }
            }
        }
        long recovery = lastHeal < 0 || firstOkAfterHeal == Long.MAX_VALUE ? -1 : firstOkAfterHeal - lastHeal;
        long lastFailure = lastHeal < 0 || lastFailAfterHeal < 0 ? 0 : lastFailAfterHeal - lastHeal;
        return new AvailabilityStats(inFaults, okIn, outside, okOut, lastHeal, recovery, lastFailure, unhealed);
    }

    /** ok / calls inside fault windows, or NaN when there were none. */
    public double okRateInFaults() {
        return callsInFaults == 0 ? Double.NaN : (double) okInFaults / callsInFaults;
    }

    /** ok / calls outside fault windows, or NaN when there were none. */
    public double okRateOutsideFaults() {
        return callsOutsideFaults == 0 ? Double.NaN : (double) okOutsideFaults / callsOutsideFaults;
    }

    /** The numbers for a report (rates in per-mille, times in milliseconds; -1 = not applicable). */
    public Map<String, Long> numbers() {
        Map<String, Long> n = new LinkedHashMap<>();
        n.put("calls_in_faults", callsInFaults);
        n.put("ok_in_faults", okInFaults);
        n.put("ok_rate_in_faults_permille", permille(okInFaults, callsInFaults));
        n.put("calls_outside_faults", callsOutsideFaults);
        n.put("ok_outside_faults", okOutsideFaults);
        n.put("ok_rate_outside_faults_permille", permille(okOutsideFaults, callsOutsideFaults));
        n.put("recovery_after_last_heal_ms", recoveryNanos < 0 ? -1 : recoveryNanos / 1_000_000);
        n.put("last_failure_after_heal_ms", lastFailureAfterHealNanos / 1_000_000);
        n.put("unhealed_faults", unhealedFaults);
        return n;
    }

    /** The numbers as a VALID verdict named "availability", so reports list them beside the checkers. */
    public Verdict asVerdict() {
        return new Verdict("availability", Verdict.Status.VALID, java.util.List.of(), numbers(),
                "numbers only: availability is reported, not judged");
    }

    private static long permille(long part, long whole) {
        return whole == 0 ? -1 : part * 1000 / whole;
    }
}
