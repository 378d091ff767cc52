package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * No acknowledged write is lost: after healing, every node's final read ({@link Fn#FINAL_READ},
 * one per node and key) holds every acknowledged change.
 * <ul>
 *   <li>a key with an acknowledged revoke must read {@link Answers#REVOKED} on every node;</li>
 *   <li>a key with an acknowledged create-session must read {@link Answers#ACTIVE} or
 *       {@link Answers#REVOKED} (never {@link Answers#ABSENT}) on every node.</li>
 * </ul>
 * A node of the expected set with no final read of such a key makes the verdict UNKNOWN (the
 * history is incomplete), unless a violation already makes it INVALID. Register keys are left to
 * the linearizability checker.
 */
public final class NoLostWritesChecker implements Checker {
    private final List<String> nodes;

    /** @param nodes every node of the cluster, each of which must report final reads */
    public NoLostWritesChecker(List<String> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes");
        }
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String name() {
        return "no-lost-writes";
    }

    @Override
    public Verdict check(History history) {
        Map<String, Map<String, Call>> finals = FinalReads.lastByNodeAndKey(history, Fn.FINAL_READ);
        List<Violation> violations = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        long acknowledged = 0;
        long verified = 0;
        for (Map.Entry<String, List<Call>> e : history.callsByKey().entrySet()) {
            String key = e.getKey();
            Call revoke = null;
            Call create = null;
            for (Call c : e.getValue()) {
                if (c.isOk() && c.f() == Fn.REVOKE && revoke == null) {
                    revoke = c;
                } else if (c.isOk() && c.f() == Fn.CREATE_SESSION && create == null) {
                    create = c;
                }
            }
            Call write = revoke != null ? revoke : create;
            if (write == null) {
                continue;
            }
            acknowledged++;
            for (String node : nodes) {
                Call fin = finals.getOrDefault(node, Map.of()).get(key);
                if (fin == null) {
                    gaps.add(node + "/" + key);
                    continue;
                }
                verified++;
                String state = fin.answeredValue();
                boolean holds = revoke != null ? Answers.REVOKED.equals(state)
                        : Answers.ACTIVE.equals(state) || Answers.REVOKED.equals(state);
                if (!holds) {
                    violations.add(new Violation("lost-acknowledged-write", key,
                            "acknowledged " + write.f().wireName() + " of " + key + " (token " + write.resultToken()
                                    + ") is missing on node " + node + " after heal: it reads " + state,
                            Violation.recordsOf(List.of(write, fin))));
                }
            }
        }
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("acknowledged_keys", acknowledged);
        numbers.put("final_reads_verified", verified);
        numbers.put("lost", (long) violations.size());
        numbers.put("missing_final_reads", (long) gaps.size());
        Set<String> missingNodes = FinalReads.missing(nodes, finals.keySet());
        String note = gaps.isEmpty() ? "" : FinalReads.note(missingNodes,
                List.of(gaps.size() + " (node/key) final reads missing, first " + gaps.get(0)));
        return Verdict.of(name(), violations, numbers, gaps.isEmpty() ? Verdict.Status.VALID : Verdict.Status.UNKNOWN,
                note);
    }
}
