package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Convergence after heal: the last ok {@link Fn#STATE_DIGEST} of every node (token = applied index,
 * value = state digest) shows the same applied index and the same digest. Equal indexes with
 * different digests is {@code digest-diverged} (replicas applied the same log differently:
 * non-determinism); different indexes is {@code applied-index-diverged} (a node never caught up
 * before the deadline the harness waited for). A node that reported nothing makes it UNKNOWN.
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
        if (!reports.isEmpty() && minIndex != maxIndex) {
            violations.add(new Violation("applied-index-diverged", null,
                    "nodes did not reach the same applied index after heal: " + describe(reports),
                    Violation.recordsOf(reports)));
        } else if (!reports.isEmpty()) {
            String digest = reports.get(0).answeredValue();
            for (Call r : reports) {
                if (!Objects.equals(digest, r.answeredValue())) {
                    violations.add(new Violation("digest-diverged", null,
                            "same applied index " + minIndex + " but different state digests: " + describe(reports),
                            Violation.recordsOf(reports)));
                    break;
                }
            }
        }
        Set<String> missing = FinalReads.missing(nodes, digests.keySet());
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("nodes_reporting", (long) reports.size());
        numbers.put("nodes_expected", (long) nodes.size());
        numbers.put("applied_index_spread", reports.isEmpty() ? 0 : maxIndex - minIndex);
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
