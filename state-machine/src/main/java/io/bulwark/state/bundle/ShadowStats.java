package io.bulwark.state.bundle;

import io.bulwark.policy.v1.Effect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Node-local counters of the shadowed version's decisions that differ from the active one's, per
 * route. Not replicated: each node counts the checks it answered. Reset whenever the shadowed
 * version changes. Thread-safe; recording a check allocates nothing once its route was seen.
 */
public final class ShadowStats {
    /** Route label of a request no route matched. */
    public static final String NO_ROUTE = "(no route)";

    /** One route's flips. */
    public record Flips(String route, long allowToDeny, long denyToAllow, long other) {
    }

    private static final class Counters {
        final LongAdder allowToDeny = new LongAdder();
        final LongAdder denyToAllow = new LongAdder();
        final LongAdder other = new LongAdder();
    }

    private volatile State state = new State(0);

    private static final class State {
        final long shadowVersion;
        final LongAdder checks = new LongAdder();
        final ConcurrentHashMap<String, Counters> byRoute = new ConcurrentHashMap<>();

        State(long shadowVersion) {
            this.shadowVersion = shadowVersion;
        }
    }

    /** Starts counting afresh for {@code shadowVersion} (0: none). */
    void reset(long shadowVersion) {
        state = new State(shadowVersion);
    }

    /** Counts one check evaluated under both versions. */
    public void record(String route, Effect active, String activeStep, Effect shadow, String shadowStep) {
        State s = state;
        s.checks.increment();
        if (active == shadow && activeStep.equals(shadowStep)) {
            return;
        }
        String key = route.isEmpty() ? NO_ROUTE : route;
        Counters c = s.byRoute.get(key);
        if (c == null) {
            c = s.byRoute.computeIfAbsent(key, k -> new Counters());
        }
        if (active == Effect.ALLOW && shadow == Effect.DENY) {
            c.allowToDeny.increment();
        } else if (active == Effect.DENY && shadow == Effect.ALLOW) {
            c.denyToAllow.increment();
        } else {
            c.other.increment();
        }
    }

    /** The version being counted (0: none). */
    public long shadowVersion() {
        return state.shadowVersion;
    }

    /** Checks evaluated under the shadow version since it was set. */
    public long checks() {
        return state.checks.sum();
    }

    /** Flips per route, routes in name order. */
    public List<Flips> flips() {
        Map<String, Counters> sorted = new TreeMap<>(state.byRoute);
        List<Flips> out = new ArrayList<>(sorted.size());
        sorted.forEach((route, c) -> out.add(new Flips(route, c.allowToDeny.sum(), c.denyToAllow.sum(), c.other.sum())));
        return out;
    }
}
