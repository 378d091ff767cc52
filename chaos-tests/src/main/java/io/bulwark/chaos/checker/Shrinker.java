package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shrinks one key's non-linearizable calls to a small sub-history that still fails, so a report
 * shows the handful of operations that matter instead of thousands.
 *
 * <p>Every candidate is first <em>closed</em>: calls that observe a value produced in the input but
 * by no call in the candidate are dropped (a read of a write that was cut away; a read of a value
 * nobody ever wrote is kept, it is a failure on its own). Dropping such reads only removes
 * constraints, so a closed candidate that still fails is a true failing sub-history, never a
 * failure manufactured by deleting the write a read saw. Then three steps, each keeping only
 * candidates that are still NOT_LINEARIZABLE:
 * <ol>
 *   <li>the shortest failing prefix (in invocation order), by bisection between a passing and a failing length;</li>
 *   <li>the latest start of a failing window ending there, by bisection;</li>
 *   <li>greedy deletion of single calls, repeated until no single deletion keeps it failing.</li>
 * </ol>
 * The result is 1-minimal with respect to single deletions when the budget of searches suffices;
 * otherwise it is the smallest failing candidate found so far (still a true failing sub-history).
 */
public final class Shrinker {
    private final long maxStatesPerSearch;
    private final int maxSearches;

    /**
     * @param maxStatesPerSearch the linearizability search budget per candidate
     * @param maxSearches        the most candidates to try
     */
    public Shrinker(long maxStatesPerSearch, int maxSearches) {
        if (maxStatesPerSearch <= 0 || maxSearches <= 0) {
            throw new IllegalArgumentException("budgets must be positive");
        }
        this.maxStatesPerSearch = maxStatesPerSearch;
        this.maxSearches = maxSearches;
    }

    /**
     * Shrinks {@code failing}, which must be NOT_LINEARIZABLE under {@code model} (calls already
     * filtered as the checker filters them, in invocation order).
     */
    public <S> List<Call> shrink(Model<S> model, List<Call> failing) {
        Budget budget = new Budget(maxSearches);
        Set<String> everProduced = produced(model, failing);
        // 1. Shortest failing prefix: invariant fails(hi), !fails(lo).
        int lo = 0;
        int hi = failing.size();
        while (hi - lo > 1 && budget.left()) {
            int mid = (lo + hi) >>> 1;
            if (fails(model, close(model, everProduced, failing.subList(0, mid)), budget)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        List<Call> prefix = failing.subList(0, hi);
        // 2. Latest window start: invariant fails(from start), !fails(from end).
        int start = 0;
        int end = prefix.size();
        while (end - start > 1 && budget.left()) {
            int mid = (start + end) >>> 1;
            if (fails(model, close(model, everProduced, prefix.subList(mid, prefix.size())), budget)) {
                start = mid;
            } else {
                end = mid;
            }
        }
        List<Call> current = close(model, everProduced, prefix.subList(start, prefix.size()));
        if (!fails(model, current, budget)) {
            // Bisection needs a failing end point; with a budget too small to confirm it, keep the input.
            return List.copyOf(failing);
        }
        // 3. Greedy single deletions until a fixpoint: a deletion can enable others (a write whose
        // readers went first), so pass again while anything changed.
        boolean changed = true;
        while (changed && budget.left()) {
            changed = false;
            for (int i = current.size() - 1; i >= 0 && current.size() > 1 && budget.left(); i--) {
                if (i >= current.size()) {
                    continue;
                }
                List<Call> candidate = new ArrayList<>(current);
                candidate.remove(i);
                candidate = close(model, everProduced, candidate);
                if (fails(model, candidate, budget)) {
                    current = candidate;
                    changed = true;
                }
            }
        }
        return List.copyOf(current);
    }

    private <S> boolean fails(Model<S> model, List<Call> candidate, Budget budget) {
        if (candidate.isEmpty()) {
            return false;
        }
        budget.spend();
        return LinearizabilitySearch.search(model, candidate, maxStatesPerSearch).result()
                == LinearizabilitySearch.Result.NOT_LINEARIZABLE;
    }

    /** {@code calls} without the calls that observe a value produced in the input but not in {@code calls}. */
    static <S> List<Call> close(Model<S> model, Set<String> everProduced, List<Call> calls) {
        Set<String> produced = produced(model, calls);
        List<Call> result = new ArrayList<>(calls.size());
        for (Call c : calls) {
            String v = model.observes(c);
            if (v == null || produced.contains(v) || !everProduced.contains(v)) {
                result.add(c);
            }
        }
        return result;
    }

    private static <S> Set<String> produced(Model<S> model, List<Call> calls) {
        Set<String> produced = new HashSet<>();
        for (Call c : calls) {
            String v = model.produces(c);
            if (v != null) {
                produced.add(v);
            }
        }
        return produced;
    }

    private static final class Budget {
        private int left;

        Budget(int left) {
            this.left = left;
        }

        boolean left() {
            return left > 0;
        }

        void spend() {
            left--;
        }
    }
}
