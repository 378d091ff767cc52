package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Policy versions. The acknowledged activations ({@link Fn#ACTIVATE_VERSION} ok: value = version,
 * token = its log index) define which version is active at every log index (a rollback is just a
 * later activation of an earlier version). Every ok check answer that reports a version and an
 * applied index i must agree with that log:
 * <ul>
 *   <li>{@code answer-mixes-versions}: the answer reports version v at applied index i, but the log
 *       has w active at i (the answer combined state at i with another version's rules);</li>
 *   <li>{@code version-out-of-log-order}: on one node, an answer that began after another
 *       completed shows an earlier activation than it (the node went back in the log).</li>
 * </ul>
 * An answer whose version was activated by an indeterminate (info) activation, at an index the
 * history does not know, cannot be judged and is counted as {@code unverifiable_answers}.
 */
public final class PolicyVersionChecker implements Checker {
    private final String initialVersion;

    /** @param initialVersion the version active before the first activation of the run, or null for none */
    public PolicyVersionChecker(String initialVersion) {
        this.initialVersion = initialVersion;
    }

    @Override
    public String name() {
        return "policy-versions";
    }

    @Override
    public Verdict check(History history) {
        TreeMap<Long, Call> activations = new TreeMap<>();
        Set<String> maybeActivated = new HashSet<>();
        for (Call c : history.calls()) {
            if (c.f() != Fn.ACTIVATE_VERSION) {
                continue;
            }
            if (c.isOk() && c.resultToken() != Op.NONE) {
                activations.put(c.resultToken(), c);
            } else if (c.isIndeterminate()) {
                maybeActivated.add(c.invokedValue());
            }
        }
        List<Violation> violations = new ArrayList<>();
        Map<String, Call> lastByNode = new LinkedHashMap<>();
        long answers = 0;
        long unverifiable = 0;
        for (Call c : history.calls()) {
            if (c.f() != Fn.CHECK || !c.isOk() || c.version() == null || c.resultToken() == Op.NONE) {
                continue;
            }
            answers++;
            Map.Entry<Long, Call> active = activations.floorEntry(c.resultToken());
            String expected = active == null ? initialVersion : active.getValue().invokedValue();
            if (!Objects.equals(expected, c.version())) {
                if (maybeActivated.contains(c.version())) {
                    unverifiable++;
                } else {
                    List<Call> involved = new ArrayList<>();
                    if (active != null) {
                        involved.add(active.getValue());
                    }
                    involved.add(c);
                    violations.add(new Violation("answer-mixes-versions", c.key(),
                            "node " + c.node() + " answered at applied index " + c.resultToken() + " with version "
                                    + c.version() + ", but the log has " + expected + " active there",
                            Violation.recordsOf(involved)));
                }
            }
            Call previous = c.node() == null ? null : lastByNode.get(c.node());
            if (previous != null && c.startNanos() > previous.endNanos()) {
                Long before = activations.floorKey(previous.resultToken());
                Long now = activations.floorKey(c.resultToken());
                if (before != null && (now == null || now < before)) {
                    violations.add(new Violation("version-out-of-log-order", c.key(),
                            "node " + c.node() + " answered with the activation at index " + before + " ("
                                    + previous.version() + "), then later with an earlier one (" + c.version() + ")",
                            Violation.recordsOf(List.of(previous, c))));
                }
            }
            if (c.node() != null && (previous == null || c.startNanos() > previous.endNanos())) {
                lastByNode.put(c.node(), c);
            }
        }
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("activations_acknowledged", (long) activations.size());
        numbers.put("versioned_answers", answers);
        numbers.put("unverifiable_answers", unverifiable);
        return Verdict.of(name(), violations, numbers, Verdict.Status.VALID, "");
    }
}
