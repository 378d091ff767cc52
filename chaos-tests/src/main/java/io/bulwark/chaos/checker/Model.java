package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Call;
import java.util.List;

/**
 * A sequential specification of one key, for the linearizability search. States must be immutable
 * values with {@code equals}/{@code hashCode}: the search memoises (linearized set, state) pairs.
 *
 * @param <S> the state type
 */
public interface Model<S> {
    /** A short name for reports. */
    String name();

    /**
     * Whether this model specifies the key whose calls are {@code keyCalls}, so that one history
     * mixing workloads (registers, sessions, bare credentials) can be checked by several models,
     * each on its own keys.
     */
    boolean claims(List<Call> keyCalls);

    /**
     * Whether the call constrains this model at all. Calls it rejects are left out of the search
     * (e.g. LOCAL reads, which are not linearizable by design, or fns the model does not know).
     */
    boolean accepts(Call call);

    /** True for calls that change nothing: an indeterminate read-only call is dropped (it constrains nothing). */
    boolean isReadOnly(Call call);

    /** The state of a key nobody has touched. */
    S initial();

    /** Whether {@code call} can take effect (with its recorded answer) in {@code state}. */
    boolean allowed(S state, Call call);

    /** The state after {@code call}; only called when {@link #allowed} said yes. */
    S apply(S state, Call call);

    /**
     * The value this call makes observable (what a write wrote), or null. Together with
     * {@link #observes} it keeps shrinking honest: a read whose write was cut away is dropped with it.
     */
    String produces(Call call);

    /**
     * The value this call's answer depends on some write having produced, or null if the initial
     * state explains it. Only read-only calls may observe: dropping them must only remove constraints.
     */
    String observes(Call call);
}
