package io.bulwark.state.check;

import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.record.SubjectRecord;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.table.TableKey;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Limits;

/**
 * Evaluates credentials against the tables. Deny paths, in the order they are tried:
 * <ul>
 *   <li>session: NOT_FOUND (no row and no revocation), REVOKED (row revoked or a SESSION
 *       revocation row), EXPIRED ({@code expires_at <= now}), SUBJECT_NOT_BEFORE (created before
 *       the subject's cut-off); else ALLOW with SESSION_ACTIVE and the subject;</li>
 *   <li>token: TOKEN_EXPIRED ({@code exp <= now}), TOKEN_NOT_YET_VALID ({@code iat > now + }
 *       {@value Limits#TOKEN_CLOCK_SKEW_MS} ms), TOKEN_REVOKED, SUBJECT_NOT_BEFORE ({@code iat}
 *       before the cut-off), then its {@code sid} session if given: REVOKED or NOT_FOUND; else
 *       ALLOW with TOKEN_VALID.</li>
 * </ul>
 * Revocation rows and subject cut-offs are honoured until they are purged (fail closed).
 * Thread-safe; allocation-free except the subject String of a session hit.
 */
public final class CheckEvaluator {
    private final OffHeapTable sessions;
    private final OffHeapTable revocations;
    private final OffHeapTable subjects;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public CheckEvaluator(StateTables tables) {
        this.sessions = tables.sessions();
        this.revocations = tables.revocations();
        this.subjects = tables.subjects();
    }

    /** Writes the decision for {@code in} at {@code nowMs} into {@code out} (reset first). */
    public void evaluate(CheckInput in, long nowMs, long appliedIndex, CheckOutcome out) {
        out.reset();
        out.appliedIndex = appliedIndex;
        Scratch s = scratch.get();
        if (!isEmpty(in.sessionId)) {
            checkSession(in.sessionId, nowMs, s, out);
        } else if (!isEmpty(in.issuer) && !isEmpty(in.tokenId) && !isEmpty(in.subject)) {
            checkToken(in, nowMs, s, out);
        } else {
            deny(out, ReasonCode.REASON_NO_CREDENTIAL, 0);
        }
    }

    private void checkSession(String sessionId, long nowMs, Scratch s, CheckOutcome out) {
        Hashes.sessionHashInto(sessionId, s.sessionKey.bytes());
        int n = sessions.read(s.sessionKey, s.sessionRow);
        if (n < 0) {
            denyMissingSession(s, out);
            return;
        }
        SessionRecord r = s.session.wrap(s.sessionRow, n);
        if (r.revoked() || sessionRevocationExists(s)) {
            deny(out, ReasonCode.REASON_SESSION_REVOKED, Limits.MAX_CHECK_CACHE_TTL_MS);
            return;
        }
        long expiresAtMs = r.expiresAtMs();
        if (expiresAtMs <= nowMs) {
            deny(out, ReasonCode.REASON_SESSION_EXPIRED, Limits.MAX_CHECK_CACHE_TTL_MS);
            return;
        }
        r.subjectHash(s.subjectKey.bytes());
        if (r.createdAtMs() < subjectCutOffMs(s)) {
            deny(out, ReasonCode.REASON_SUBJECT_NOT_BEFORE, Limits.MAX_CHECK_CACHE_TTL_MS);
            return;
        }
        out.decision = Decision.DECISION_ALLOW;
        out.addReason(ReasonCode.REASON_SESSION_ACTIVE);
        out.subject = r.subject();
        out.cacheTtlMs = Math.min(Limits.MAX_CHECK_CACHE_TTL_MS, expiresAtMs - nowMs);
    }

    private void checkToken(CheckInput in, long nowMs, Scratch s, CheckOutcome out) {
        if (in.expiresAtMs <= nowMs) {
            deny(out, ReasonCode.REASON_TOKEN_EXPIRED, Limits.MAX_CHECK_CACHE_TTL_MS);
            return;
        }
        if (in.issuedAtMs > nowMs + Limits.TOKEN_CLOCK_SKEW_MS) {
            deny(out, ReasonCode.REASON_TOKEN_NOT_YET_VALID, 0);
            return;
        }
        Hashes.tokenHashInto(in.issuer, in.tokenId, s.sessionKey.bytes());
        RevocationRecord.key(RevocationKind.REVOCATION_KIND_TOKEN_VALUE, s.sessionKey.bytes(), s.revocationKey.bytes());
        if (revocations.contains(s.revocationKey)) {
            deny(out, ReasonCode.REASON_TOKEN_REVOKED, Limits.MAX_CHECK_CACHE_TTL_MS);
            return;
        }
        Hashes.subjectHashInto(in.subject, s.subjectKey.bytes());
        if (in.issuedAtMs < subjectCutOffMs(s)) {
            deny(out, ReasonCode.REASON_SUBJECT_NOT_BEFORE, Limits.MAX_CHECK_CACHE_TTL_MS);
            return;
        }
        if (!isEmpty(in.tokenSessionId)) {
            Hashes.sessionHashInto(in.tokenSessionId, s.sessionKey.bytes());
            int n = sessions.read(s.sessionKey, s.sessionRow);
            if (n < 0) {
                denyMissingSession(s, out);
                return;
            }
            if (s.session.wrap(s.sessionRow, n).revoked() || sessionRevocationExists(s)) {
                deny(out, ReasonCode.REASON_SESSION_REVOKED, Limits.MAX_CHECK_CACHE_TTL_MS);
                return;
            }
        }
        out.decision = Decision.DECISION_ALLOW;
        out.addReason(ReasonCode.REASON_TOKEN_VALID);
        out.subject = in.subject;
        out.cacheTtlMs = Math.min(Limits.MAX_CHECK_CACHE_TTL_MS, in.expiresAtMs - nowMs);
    }

    /** No session row: REVOKED when a revocation row says so (purged or another zone's session), else NOT_FOUND. */
    private void denyMissingSession(Scratch s, CheckOutcome out) {
        if (sessionRevocationExists(s)) {
            deny(out, ReasonCode.REASON_SESSION_REVOKED, Limits.MAX_CHECK_CACHE_TTL_MS);
        } else {
            // Not cached: the session may be created (or replicated here) a moment later.
            deny(out, ReasonCode.REASON_SESSION_NOT_FOUND, 0);
        }
    }

    private boolean sessionRevocationExists(Scratch s) {
        RevocationRecord.key(RevocationKind.REVOCATION_KIND_SESSION_VALUE, s.sessionKey.bytes(), s.revocationKey.bytes());
        return revocations.contains(s.revocationKey);
    }

    /** The cut-off of the subject whose hash is in {@code s.subjectKey}; Long.MIN_VALUE when none. */
    private long subjectCutOffMs(Scratch s) {
        if (subjects.read(s.subjectKey, s.subjectRow) < 0) {
            return Long.MIN_VALUE;
        }
        return s.subject.wrap(s.subjectRow).notBeforeMs();
    }

    private static void deny(CheckOutcome out, ReasonCode reason, long cacheTtlMs) {
        out.decision = Decision.DECISION_DENY;
        out.addReason(reason);
        out.cacheTtlMs = cacheTtlMs;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    /** Per-thread buffers and flyweights: what makes a check allocation-free. */
    private static final class Scratch {
        final TableKey sessionKey = new TableKey(Limits.HASH_BYTES);
        final TableKey subjectKey = new TableKey(Limits.HASH_BYTES);
        final TableKey revocationKey = new TableKey(RevocationRecord.KEY_BYTES);
        final byte[] sessionRow = new byte[SessionRecord.MAX_BYTES];
        final byte[] subjectRow = new byte[SubjectRecord.BYTES];
        final SessionRecord session = new SessionRecord();
        final SubjectRecord subject = new SubjectRecord();
    }
}
