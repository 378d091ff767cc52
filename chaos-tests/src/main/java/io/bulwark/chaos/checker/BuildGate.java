package io.bulwark.chaos.checker;

import java.util.List;

/**
 * Turns verdicts into a build failure: a run's test calls {@link #requireSafe} after writing its
 * report, so a safety violation fails the Maven build with the violations in the message.
 */
public final class BuildGate {
    private BuildGate() {
    }

    /**
     * Throws {@link AssertionError} if any verdict is INVALID, or UNKNOWN unless {@code allowUnknown}
     * (an undecided check is not a pass; a run may choose to tolerate it only explicitly).
     */
    public static void requireSafe(List<Verdict> verdicts, boolean allowUnknown) {
        StringBuilder failures = new StringBuilder();
        for (Verdict v : verdicts) {
            if (v.status() == Verdict.Status.INVALID) {
                failures.append(v.checker()).append(": INVALID, ").append(v.violations().size()).append(" violation(s)");
                for (Violation violation : v.violations()) {
                    failures.append("\n  - [").append(violation.kind()).append("] ").append(violation.message());
                }
                failures.append('\n');
            } else if (v.status() == Verdict.Status.UNKNOWN && !allowUnknown) {
                failures.append(v.checker()).append(": UNKNOWN, ").append(v.note()).append('\n');
            }
        }
        if (failures.length() > 0) {
            throw new AssertionError("chaos checks failed:\n" + failures);
        }
    }
}
