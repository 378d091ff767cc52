package io.bulwark.state.check;

import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;

/**
 * The result of one check, reused per thread. Reasons are kept in a fixed array; the first is
 * the deciding one. {@link #cacheTtlMs} is 0 for answers that may change at once (an unknown
 * session, a token not yet valid) and at most {@code Limits.MAX_CHECK_CACHE_TTL_MS} otherwise,
 * never past the credential's own expiry.
 */
public final class CheckOutcome {
    public static final int MAX_REASONS = 8;

    public Decision decision = Decision.DECISION_DENY;
    public final ReasonCode[] reasons = new ReasonCode[MAX_REASONS];
    public int reasonCount;
    /** The principal, when established. */
    public String subject;
    /** Applied index the decision reflects. */
    public long appliedIndex;
    /** How long the caller may cache the answer. */
    public long cacheTtlMs;

    public CheckOutcome reset() {
        decision = Decision.DECISION_DENY;
        reasonCount = 0;
        subject = null;
        appliedIndex = 0;
        cacheTtlMs = 0;
        return this;
    }

    public void addReason(ReasonCode reason) {
        if (reasonCount < MAX_REASONS) {
            reasons[reasonCount++] = reason;
        }
    }
}
