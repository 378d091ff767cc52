package io.bulwark.chaos.checker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checker's answer.
 *
 * @param checker    the checker's name
 * @param status     valid, invalid or unknown
 * @param violations why it is invalid (empty when valid)
 * @param numbers    measurements in insertion order (counts, milliseconds; names carry units)
 * @param note       why the verdict is unknown, or other context; may be empty
 */
public record Verdict(String checker, Status status, List<Violation> violations, Map<String, Long> numbers,
                      String note) {

    /** The outcome of a check. */
    public enum Status {
        /** The history has the property. */
        VALID,
        /** The history breaks the property; {@link #violations()} says how. */
        INVALID,
        /** The checker could not decide (budget exceeded, history incomplete). Not a pass. */
        UNKNOWN
    }

    /** Makes the verdict immutable and checks that status and violations agree. */
    public Verdict {
        violations = List.copyOf(violations);
        numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
        note = note == null ? "" : note;
        if ((status == Status.INVALID) == violations.isEmpty()) {
            throw new IllegalArgumentException("an INVALID verdict needs violations and only it may have them");
        }
    }

    /** Builds a verdict from violations: invalid if any, else {@code otherwise}. */
    public static Verdict of(String checker, List<Violation> violations, Map<String, Long> numbers, Status otherwise,
                             String note) {
        return new Verdict(checker, violations.isEmpty() ? otherwise : Status.INVALID, violations, numbers, note);
    }

    /** True when the status is VALID. */
    public boolean isValid() {
        return status == Status.VALID;
    }
}
