package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Op;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One reason a history breaks a property.
 *
 * @param kind    a stable, machine-readable kind (e.g. "stale-admit-after-revoke")
 * @param key     the key or credential ref concerned, or null
 * @param message what happened, for people
 * @param ops     the history records involved, in history order
 */
public record Violation(String kind, String key, String message, List<Op> ops) {
    /** Copies {@code ops} so a violation is immutable. */
    public Violation {
        ops = List.copyOf(ops);
    }

    /** The records (invoke and completion) of {@code calls}, in history order. */
    public static List<Op> recordsOf(Collection<Call> calls) {
        List<Op> ops = new ArrayList<>(calls.size() * 2);
        for (Call c : calls) {
            ops.add(c.invoke());
            if (c.completion() != null) {
                ops.add(c.completion());
            }
        }
        ops.sort((a, b) -> Long.compare(a.index(), b.index()));
        return ops;
    }
}
