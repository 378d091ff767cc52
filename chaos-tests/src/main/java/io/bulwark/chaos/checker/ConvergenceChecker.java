package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Convergence after heal. Each ok {@link Fn#STATE_DIGEST} is a node's state digest (value) together
 * with the applied index it was computed at (token); the node computes both with apply paused, so
 * they describe one state. Two rules:
 * <ul>
 *   <li>{@code digest-diverged}: any two digests reported at the same applied index, by any nodes in
 *       any round, differ (replicas applied the same log differently: non-determinism or a lost or
 *       extra change). Earlier rounds count too: a divergence does not hide behind a later index.</li>
 *   <li>{@code applied-index-diverged}: the last digests of the nodes are at different indexes (a node
 *       never caught up before the deadline the harness waited for).</li>
 * </ul>
 * A node that reported nothing makes it UNKNOWN.
 */
public final class ConvergenceChecker implements Checker {
    private final List<String> nodes;

    /** @param nodes every node of the cluster */
    public ConvergenceChecker(List<String> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no nodes");
        }
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String name() {
        return "convergence";
    }

    @Override
    public Verdict check(History history) {
        Map<String, Map<String, Call>> digests = FinalReads.lastByNodeAndKey(history, Fn.STATE_DIGEST);
        List<Call> reports = new ArrayList<>();
        for (String node : nodes) {
            Map<String, Call> byKey = digests.get(node);
            if (byKey != null) {
                Call last = null;
                for (Call c : byKey.values()) {
                    if (last == null || c.startNanos() > last.startNanos()) {
                        last = c;
                    }
                }
                reports.add(last);
            }
        }
        List<Violation> violations = new ArrayList<>();
        long minIndex = Long.MAX_VALUE;
        long maxIndex = Long.MIN_VALUE;
        for (Call r : reports) {
            minIndex = Math.min(minIndex, r.resultToken());
            maxIndex = Math.max(maxIndex, r.resultToken());
        }
        Map<Long, List<Call>> byIndex = new TreeMap<>();
        long comparedIndexes = 0;
        for (Call c : history.calls()) {
            if (c.f() == Fn.STATE_DIGEST && c.isOk() && c.node() != null) {
                byIndex.computeIfAbsent(c.resultToken(), i -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<Long, List<Call>> e : byIndex.entrySet()) {
            List<Call> atIndex = e.getValue();
            Set<String> nodesAtIndex = new TreeSet<>();
            Set<String> distinct = new TreeSet<>();
            for (Call c : atIndex) {
                nodesAtIndex.add(c.node());
                distinct.add(String.valueOf(c.answeredValue()));
            }
            if (nodesAtIndex.size() > 1) {
                comparedIndexes++;
            }
            if (distinct.size() > 1) {
                violations.add(new Violation("digest-diverged", null,
                        "same applied index " + e.getKey() + " but different state digests: " + describe(atIndex),
                        Violation.recordsOf(atIndex)));
            }
        }
        if (!reports.isEmpty() && minIndex != maxIndex) {
            violations.add(new Violation("applied-index-diverged", null,
                    "nodes did not reach the same applied index after heal: " + describe(reports),
                    Violation.recordsOf(reports)));
        }
        Set<String> missing = FinalReads.missing(nodes, digests.keySet());
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("nodes_reporting", (long) reports.size());
        numbers.put("nodes_expected", (long) nodes.size());
        numbers.put("applied_index_spread", reports.isEmpty() ? 0 : maxIndex - minIndex);
        numbers.put("indexes_compared_across_nodes", comparedIndexes);
        return Verdict.of(name(), violations, numbers,
                missing.isEmpty() ? Verdict.Status.VALID : Verdict.Status.UNKNOWN, FinalReads.note(missing, List.of()));
    }

    private static String describe(List<Call> reports) {
        StringBuilder b = new StringBuilder();
        for (Call r : reports) {
            b.append(b.length() == 0 ? "" : ", ").append(r.node()).append("@").append(r.resultToken()).append('=')
                    .append(r.answeredValue());
        }
        return b.toString();
    }
}
