package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Wing &amp; Gong's search for a linearization of one key's calls, with Lowe's memoisation: a
 * (set of linearized calls, model state) pair reached once is never explored again, which turns
 * the exponential search into one that is fast on real histories.
 *
 * <p>Calls and returns are events on a doubly linked list in time order (calls before returns at
 * equal times, the lenient choice). The search walks from the head: a call event may be linearized
 * now if the model allows it (it is then unlinked with its return); reaching a return event whose
 * call is not linearized means the current prefix is wrong, so it backtracks. Indeterminate calls
 * have no return event: they may be linearized at any point after they began, or never. Success is
 * when no return event is left.
 */
final class LinearizabilitySearch {

    /** The search's answer for one key. */
    enum Result {
        /** A linearization exists. */
        LINEARIZABLE,
        /** None exists. */
        NOT_LINEARIZABLE,
        /** The budget of memoised states ran out first. */
        BUDGET_EXCEEDED
    }

    /** The result and the number of distinct (linearized set, state) pairs explored. */
    record Outcome(Result result, long statesExplored) {
    }

    /**
     * Memory guard beside the caller's state budget: the memo holds one bit set per state, so on a
     * key with many calls the state budget alone could exhaust the heap. 16 Mi words = 128 MiB.
     */
    static final long MAX_MEMO_WORDS = 1L << 24;

    private LinearizabilitySearch() {
    }

    private record Memo(BitSet linearized, Object state) {
    }

    /**
     * Searches {@code calls} (already filtered: no failed calls, no indeterminate read-only calls).
     *
     * @param maxStates the most memoised states to explore before answering BUDGET_EXCEEDED (lowered
     *                  further on very long keys by {@link #MAX_MEMO_WORDS})
     */
    static <S> Outcome search(Model<S> model, List<Call> calls, long maxStates) {
        int n = calls.size();
        // Events: 2*i is call i's invocation, 2*i+1 its return (absent for indeterminate calls).
        List<long[]> events = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            Call c = calls.get(i);
            events.add(new long[] {c.startNanos(), 0, 2L * i});
            if (!c.isIndeterminate()) {
                events.add(new long[] {c.endNanos(), 1, 2L * i + 1});
            }
        }
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));

        int size = events.size();
        int head = size;
        int tail = size + 1;
        int[] next = new int[size + 2];
        int[] prev = new int[size + 2];
        int[] eventOf = new int[size]; // position -> event id (2*i or 2*i+1)
        int[] returnPos = new int[n]; // call i -> position of its return event, -1 if none
        Arrays.fill(returnPos, -1);
        int[] callPos = new int[n];
        for (int p = 0; p < size; p++) {
            int id = (int) events.get(p)[2];
            eventOf[p] = id;
            if ((id & 1) == 0) {
                callPos[id >> 1] = p;
            } else {
                returnPos[id >> 1] = p;
            }
            prev[p] = p == 0 ? head : p - 1;
            next[p] = p == size - 1 ? tail : p + 1;
        }
        next[head] = size == 0 ? tail : 0;
        prev[tail] = size == 0 ? head : size - 1;

        int remainingReturns = 0;
        for (int i = 0; i < n; i++) {
            if (returnPos[i] >= 0) {
                remainingReturns++;
            }
        }

        Set<Memo> memo = new HashSet<>();
        long wordsPerState = n / 64 + 2;
        long stateLimit = Math.min(maxStates, MAX_MEMO_WORDS / wordsPerState);
        int[] stackCall = new int[n];
        List<S> stackState = new ArrayList<>(n);
        int depth = 0;
        S state = model.initial();
        BitSet linearized = new BitSet(n);
        int entry = next[head];

        while (remainingReturns > 0) {
            if (entry == tail) {
                // Unreachable while a return event remains (it would have stopped the walk); guard anyway.
                throw new IllegalStateException("search walked past every event with returns outstanding");
            }
            int id = eventOf[entry];
            if ((id & 1) == 0) {
                int call = id >> 1;
                Call c = calls.get(call);
                if (model.allowed(state, c)) {
                    S after = model.apply(state, c);
                    BitSet withCall = (BitSet) linearized.clone();
                    withCall.set(call);
                    if (memo.add(new Memo(withCall, after))) {
                        if (memo.size() > stateLimit) {
                            return new Outcome(Result.BUDGET_EXCEEDED, memo.size());
                        }
                        stackCall[depth++] = call;
                        stackState.add(state);
                        state = after;
                        linearized = withCall;
                        unlink(callPos[call], next, prev);
                        if (returnPos[call] >= 0) {
                            unlink(returnPos[call], next, prev);
                            remainingReturns--;
                        }
                        entry = next[head];
                        continue;
                    }
                }
                entry = next[entry];
            } else {
                if (depth == 0) {
                    return new Outcome(Result.NOT_LINEARIZABLE, memo.size());
                }
                int call = stackCall[--depth];
                state = stackState.remove(depth);
                linearized = (BitSet) linearized.clone();
                linearized.clear(call);
                // Relink in the reverse order of unlinking (dancing links).
                if (returnPos[call] >= 0) {
                    relink(returnPos[call], next, prev);
                    remainingReturns++;
                }
                relink(callPos[call], next, prev);
                entry = next[callPos[call]];
            }
        }
        return new Outcome(Result.LINEARIZABLE, memo.size());
    }

    private static void unlink(int p, int[] next, int[] prev) {
        next[prev[p]] = next[p];
        prev[next[p]] = prev[p];
    }

    private static void relink(int p, int[] next, int[] prev) {
        next[prev[p]] = p;
        prev[next[p]] = p;
    }
}
