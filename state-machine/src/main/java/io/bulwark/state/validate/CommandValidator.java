package io.bulwark.state.validate;

import io.bulwark.api.v1.ErrorReason;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.TouchSession;

/**
 * Rules for each replicated command. The node runs them before proposing (so invalid commands
 * never reach the log) and apply runs them again (so a buggy or hostile proposer cannot make
 * replicas diverge or store garbage). Each returns null when valid.
 *
 * <p>{@code nowMs} is always the command's {@code proposer_time_ms}: these rules read no clock.
 */
public final class CommandValidator {
    private CommandValidator() {
    }

    /** The header every command carries. */
    public static Violation header(CommandHeader header) {
        if (header.getProposerTimeMs() <= 0) {
            return new Violation(ErrorReason.FIELD_MISSING, "header.proposer_time_ms", "header.proposer_time_ms must be > 0");
        }
        Violation v = FieldRules.optionalText("header.actor", header.getActor(), Limits.MAX_ACTOR_BYTES);
        return v != null ? v : FieldRules.requestId("header.request_id", header.getRequestId());
    }

    public static Violation createSession(CreateSession c, long nowMs) {
        Violation v = FieldRules.hash("session_hash", c.getSessionHash());
        if (v == null) {
            v = FieldRules.subject("subject", c.getSubject());
        }
        if (v == null) {
            v = FieldRules.durationMs("ttl_ms", c.getTtlMs(), 1, Limits.MAX_SESSION_TTL_MS);
        }
        if (v == null) {
            v = FieldRules.futureExpiry("expires_at_ms", c.getExpiresAtMs(), nowMs, Limits.MAX_SESSION_TTL_MS);
        }
        return v;
    }

    public static Violation touchSession(TouchSession t) {
        Violation v = FieldRules.hash("session_hash", t.getSessionHash());
        // ttl 0 means "the session's own ttl".
        return v != null ? v : FieldRules.durationMs("ttl_ms", t.getTtlMs(), 0, Limits.MAX_SESSION_TTL_MS);
    }

    public static Violation revoke(Revoke r, long nowMs) {
        RevocationKind kind = RevocationKind.forNumber(r.getKindValue());
        if (kind == null || kind == RevocationKind.REVOCATION_KIND_UNSPECIFIED) {
            return new Violation(ErrorReason.UNKNOWN_ENUM_VALUE, "kind", "kind must be TOKEN, SESSION, SUBJECT or API_KEY, was " + r.getKindValue());
        }
        Violation v = FieldRules.hash("key_hash", r.getKeyHash());
        if (v == null) {
            v = FieldRules.revocationReason("reason", r.getReasonValue());
        }
        if (v == null) {
            v = FieldRules.futureExpiry("expires_at_ms", r.getExpiresAtMs(), nowMs, Limits.MAX_REVOCATION_RETENTION_MS);
        }
        if (v == null) {
            if (kind == RevocationKind.REVOCATION_KIND_SUBJECT) {
                // 0 means "now"; a cut-off may not outlive the row that holds it.
                if (r.getNotBeforeMs() < 0 || r.getNotBeforeMs() > r.getExpiresAtMs()) {
                    v = new Violation(ErrorReason.FIELD_MALFORMED, "not_before_ms", "not_before_ms must be within [0, expires_at_ms]");
                }
            } else if (r.getNotBeforeMs() != 0) {
                v = new Violation(ErrorReason.FIELD_MALFORMED, "not_before_ms", "not_before_ms applies to SUBJECT revocations only");
            }
        }
        return v;
    }

    public static Violation purgeExpired(PurgeExpired p, long nowMs) {
        // Purging beyond the proposer's own clock would drop rows that are still live.
        if (p.getUpToMs() <= 0 || p.getUpToMs() > nowMs) {
            return new Violation(ErrorReason.FIELD_MALFORMED, "up_to_ms", "up_to_ms must be within (0, proposer_time_ms]");
        }
        return null;
    }
}
