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
    /** The bundle version that decided (decimal version number), or null without an active bundle. */
    public String bundleVersion;
    /** The rule that decided ("route", "default" or a rule name), or null when no rules were evaluated. */
    public String rule;
    /** With DECISION_CHALLENGE: the step the caller must complete. */
    public String challenge;

    public CheckOutcome reset() {
        decision = Decision.DECISION_DENY;
        reasonCount = 0;
        subject = null;
        appliedIndex = 0;
        cacheTtlMs = 0;
        bundleVersion = null;
        rule = null;
        challenge = null;
        return this;
    }

    /** Puts {@code reason} first (the deciding one), shifting the others; the last falls off when full. */
    public void prependReason(ReasonCode reason) {
        int n = Math.min(reasonCount, MAX_REASONS - 1);
        System.arraycopy(reasons, 0, reasons, 1, n);
        reasons[0] = reason;
        reasonCount = n + 1;
    }

    public void addReason(ReasonCode reason) {
        if (reasonCount < MAX_REASONS) {
            reasons[reasonCount++] = reason;
        }
    }
}
