package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The post-heal verification calls of a history ({@link Fn#FINAL_READ} or {@link Fn#STATE_DIGEST}),
 * the last ok one per node (and key), plus which expected nodes did not report.
 */
final class FinalReads {
    private FinalReads() {
    }

    /** node → key → last ok call of {@code f}; keys are null for digests. */
    static Map<String, Map<String, Call>> lastByNodeAndKey(History history, Fn f) {
        Map<String, Map<String, Call>> result = new LinkedHashMap<>();
        for (Call c : history.calls()) {
            if (c.f() == f && c.isOk() && c.node() != null) {
                result.computeIfAbsent(c.node(), n -> new LinkedHashMap<>()).put(String.valueOf(c.key()), c);
            }
        }
        return result;
    }

    /** The expected nodes missing from {@code reported}, sorted. */
    static Set<String> missing(Collection<String> expected, Set<String> reported) {
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(reported);
        return missing;
    }

    static String note(Set<String> missing, List<String> more) {
        StringBuilder b = new StringBuilder();
        if (!missing.isEmpty()) {
            b.append("no final report from nodes ").append(missing);
        }
        for (String m : more) {
            b.append(b.length() == 0 ? "" : "; ").append(m);
        }
        return b.toString();
    }
}
