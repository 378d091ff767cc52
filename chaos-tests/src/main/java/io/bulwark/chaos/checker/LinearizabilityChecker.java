package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that each key's operations are linearizable under a {@link Model}: there is one total
 * order of the calls that respects real time (a call that completed before another began comes
 * first) and in which every answer is what the model gives.
 *
 * <p>Keys are independent (per-key partitioning, the locality of linearizability), so each key the
 * model {@linkplain Model#claims claims} is searched alone with {@link LinearizabilitySearch}. Failed calls are left out (they did not take
 * effect); indeterminate (info) calls may or may not have taken effect; indeterminate read-only
 * calls constrain nothing and are left out. When a key's search exceeds {@code maxStatesPerKey}
 * memoised states its verdict is UNKNOWN, never a pass. An invalid key is shrunk with
 * {@link Shrinker}; the violation lists the shrunk sub-history's records.
 */
public final class LinearizabilityChecker implements Checker {
    /** Default budget of memoised states per key: far above what correct histories of a few thousand ops need. */
    public static final long DEFAULT_MAX_STATES_PER_KEY = 2_000_000L;

    private final Model<?> model;
    private final long maxStatesPerKey;
    private final Shrinker shrinker;

    /** A checker with the default budgets. */
    public LinearizabilityChecker(Model<?> model) {
        this(model, DEFAULT_MAX_STATES_PER_KEY, new Shrinker(DEFAULT_MAX_STATES_PER_KEY, 2_000));
    }

    /**
     * @param model           the per-key specification
     * @param maxStatesPerKey search budget per key; exceeding it makes the verdict UNKNOWN
     * @param shrinker        how invalid keys are shrunk
     */
    public LinearizabilityChecker(Model<?> model, long maxStatesPerKey, Shrinker shrinker) {
        if (maxStatesPerKey <= 0) {
            throw new IllegalArgumentException("maxStatesPerKey must be positive");
        }
        this.model = model;
        this.maxStatesPerKey = maxStatesPerKey;
        this.shrinker = shrinker;
    }

    @Override
    public String name() {
        return "linearizability/" + model.name();
    }

    @Override
    public Verdict check(History history) {
        return checkWith(model, history);
    }

    private <S> Verdict checkWith(Model<S> m, History history) {
        List<Violation> violations = new ArrayList<>();
        List<String> unknownKeys = new ArrayList<>();
        long callsChecked = 0;
        long statesExplored = 0;
        long keys = 0;
        for (Map.Entry<String, List<Call>> e : history.callsByKey().entrySet()) {
            if (!m.claims(e.getValue())) {
                continue;
            }
            List<Call> calls = relevant(m, e.getValue());
            if (calls.isEmpty()) {
                continue;
            }
            keys++;
            callsChecked += calls.size();
            LinearizabilitySearch.Outcome outcome = LinearizabilitySearch.search(m, calls, maxStatesPerKey);
            statesExplored += outcome.statesExplored();
            switch (outcome.result()) {
                case LINEARIZABLE -> {
                }
                case BUDGET_EXCEEDED -> unknownKeys.add(e.getKey());
                case NOT_LINEARIZABLE -> {
                    List<Call> small = shrinker.shrink(m, calls);
                    violations.add(new Violation("not-linearizable", e.getKey(),
                            "no order of the " + calls.size() + " " + m.name() + " calls on key " + e.getKey()
                                    + " explains their answers; smallest failing sub-history found: "
                                    + small.size() + " calls",
                            Violation.recordsOf(small)));
                }
                default -> throw new IllegalStateException(outcome.result().name());
            }
        }
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("keys", keys);
        numbers.put("calls_checked", callsChecked);
        numbers.put("states_explored", statesExplored);
        numbers.put("invalid_keys", (long) violations.size());
        numbers.put("unknown_keys", (long) unknownKeys.size());
        String note = unknownKeys.isEmpty() ? ""
                : "search budget (" + maxStatesPerKey + " states, or 128 MiB of memo) exceeded on keys " + unknownKeys;
        return Verdict.of(name(), violations, numbers,
                unknownKeys.isEmpty() ? Verdict.Status.VALID : Verdict.Status.UNKNOWN, note);
    }

    /** The calls the search sees: accepted by the model, not failed, and not indeterminate reads. */
    static <S> List<Call> relevant(Model<S> m, List<Call> calls) {
        List<Call> result = new ArrayList<>(calls.size());
        for (Call c : calls) {
            if (!m.accepts(c) || c.outcome() == OpType.FAIL || (c.isIndeterminate() && m.isReadOnly(c))) {
                continue;
            }
            result.add(c);
        }
        return result;
    }
}
