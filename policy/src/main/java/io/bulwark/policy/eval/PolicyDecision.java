package io.bulwark.policy.eval;

import dev.cel.runtime.CelVariableResolver;
import io.bulwark.policy.v1.Effect;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The result of one evaluation, and the scratch space the evaluation uses. Reuse one per thread:
 * {@link CompiledPolicy#evaluate(Principal, PolicyRequest, long, PolicyDecision)} overwrites it,
 * so the hot path allocates no result object, activation map or parameter map per request.
 *
 * <p>Not thread-safe.
 */
public final class PolicyDecision {
    private Effect effect = Effect.DENY;
    private DecisionReason reason = DecisionReason.NO_ROUTE;
    private String rule = "default";
    private String challengeStep = "";
    private String route = "";
    private boolean conditionError;

    // Scratch, reused across evaluations.
    final HashMap<String, Object> activation = new HashMap<>(32);
    /**
     * Programs read variables through this resolver rather than {@code eval(Map)}, which copies the
     * whole activation map on every call.
     */
    final CelVariableResolver resolver = this::resolve;
    /** The evaluation time; {@code now} is built from it only when a CEL program reads it. */
    long nowMs;
    final HashMap<String, String> params = new HashMap<>(8);
    int[] offsets = new int[16];
    CompiledPolicy boundTo;

    private Optional<Object> resolve(String name) {
        if (PolicyCelEnv.NOW.equals(name)) {
            return Optional.of(Instant.ofEpochMilli(nowMs));
        }
        return Optional.ofNullable(activation.get(name));
    }

    void set(Effect effect, DecisionReason reason, String rule, String step) {
        this.effect = effect;
        this.reason = reason;
        this.rule = rule;
        this.challengeStep = step;
    }

    void reset() {
        effect = Effect.DENY;
        reason = DecisionReason.NO_ROUTE;
        rule = "default";
        challengeStep = "";
        route = "";
        conditionError = false;
        params.clear();
    }

    void route(String route) {
        this.route = route;
    }

    void markConditionError() {
        this.conditionError = true;
    }

    /** ALLOW, DENY or CHALLENGE. */
    public Effect effect() {
        return effect;
    }

    public DecisionReason reason() {
        return reason;
    }

    /**
     * What decided: a rule name, {@code "route"} (the matched route's permission or a public route)
     * or {@code "default"} (nothing allowed the request).
     */
    public String rule() {
        return rule;
    }

    /** With CHALLENGE: the step to complete (e.g. "mfa"); empty otherwise. */
    public String challengeStep() {
        return challengeStep;
    }

    /** The matched route as {@code METHOD pattern}, or empty. */
    public String route() {
        return route;
    }

    /** Path parameters of the matched route (valid until the next evaluation). */
    public Map<String, String> params() {
        return params;
    }

    /** True when a condition failed to evaluate (the rule was then applied fail-closed or skipped). */
    public boolean conditionError() {
        return conditionError;
    }

    @Override
    public String toString() {
        return effect + (challengeStep.isEmpty() ? "" : "(" + challengeStep + ")") + " by " + rule + " [" + reason + "]";
    }
}
