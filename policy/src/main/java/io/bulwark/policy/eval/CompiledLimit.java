package io.bulwark.policy.eval;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import io.bulwark.policy.v1.RateLimit;

/**
 * A rate-limit definition ready to use: its key and condition programs are created once. Counting
 * and enforcement belong to the store; this gives the counter key for a request.
 */
public final class CompiledLimit {
    private final RateLimit definition;
    private final Program key;
    private final Program when;

    CompiledLimit(RateLimit definition, Program key, Program when) {
        this.definition = definition;
        this.key = key;
        this.when = when;
    }

    public RateLimit definition() {
        return definition;
    }

    /**
     * The counter key for the request last evaluated into {@code evaluated}, or null when the
     * limit's condition does not hold or an expression fails (no counter: the request is decided by
     * the policy alone). Call right after {@link CompiledPolicy#evaluate} with the same decision.
     */
    public String keyFor(PolicyDecision evaluated) {
        try {
            if (when != null && !Boolean.TRUE.equals(when.eval(evaluated.resolver))) {
                return null;
            }
            Object k = key.eval(evaluated.resolver);
            return k instanceof String s ? definition.getName() + ":" + s : null;
        } catch (CelEvaluationException e) {
            return null;
        }
    }
}
