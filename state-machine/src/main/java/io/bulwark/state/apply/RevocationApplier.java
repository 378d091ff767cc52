package io.bulwark.state.apply;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.record.SubjectRecord;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.validate.CommandValidator;
import io.bulwark.state.validate.Violation;

import java.util.Arrays;

/**
 * Revoke: TOKEN, SESSION and API_KEY rows in {@code revocations}, SUBJECT cut-offs in
 * {@code subjects}. Revoking twice keeps the first revocation; a subject's cut-off only moves
 * forward.
 */
final class RevocationApplier {
    private final OffHeapTable revocations;
    private final OffHeapTable subjects;
    private final OffHeapTable sessions;
    private final byte[] key = new byte[RevocationRecord.KEY_BYTES];
    private final byte[] subjectBuf = new byte[SubjectRecord.BYTES];
    private final byte[] sessionBuf = new byte[SessionRecord.MAX_BYTES];
    private final SubjectRecord subjectRecord = new SubjectRecord();
    private final SessionRecord sessionRecord = new SessionRecord();

    RevocationApplier(StateTables tables) {
        this.revocations = tables.revocations();
        this.subjects = tables.subjects();
        this.sessions = tables.sessions();
    }

    CommandResult revoke(long index, long nowMs, Revoke r) {
        Violation v = CommandValidator.revoke(r, nowMs);
        if (v != null) {
            return Results.invalid(index, v);
        }
        byte[] hash = r.getKeyHash().toByteArray();
        if (r.getKind() == RevocationKind.REVOCATION_KIND_SUBJECT) {
            return revokeSubject(index, nowMs, r, hash);
        }
        boolean session = r.getKind() == RevocationKind.REVOCATION_KIND_SESSION;
        int sessionLength = session ? sessions.read(hash, sessionBuf) : -1;
        RevocationRecord.key(r.getKindValue(), hash, key);
        if (!revocations.contains(key)) {
            if (revocations.isFull()) {
                return Results.tableFull(index, revocations);
            }
            long expiresAtMs = r.getExpiresAtMs();
            if (sessionLength >= 0) {
                // Outlive the session row, so its id stays blocked from re-creation after it is purged.
                expiresAtMs = Math.max(expiresAtMs, sessionRecord.wrap(sessionBuf, sessionLength).expiresAtMs());
            }
            revocations.put(key.clone(), RevocationRecord.encode(nowMs, expiresAtMs, r.getReasonValue()));
        }
        if (sessionLength >= 0) {
            markSessionRevoked(hash, sessionLength, nowMs, r.getReasonValue());
        }
        return Results.ok(index).build();
    }

    private CommandResult revokeSubject(long index, long nowMs, Revoke r, byte[] subjectHash) {
        long notBeforeMs = r.getNotBeforeMs() == 0 ? nowMs : r.getNotBeforeMs();
        if (subjects.read(subjectHash, subjectBuf) < 0) {
            if (subjects.isFull()) {
                return Results.tableFull(index, subjects);
            }
            subjects.put(subjectHash, SubjectRecord.encode(notBeforeMs, nowMs, r.getExpiresAtMs(), r.getReasonValue()));
            return Results.ok(index).build();
        }
        subjectRecord.wrap(subjectBuf);
        if (notBeforeMs > subjectRecord.notBeforeMs()) {
            // A later cut-off replaces the earlier one; it keeps the longer retention so the
            // replaced cut-off's protection is never shortened.
            long expiresAtMs = Math.max(subjectRecord.expiresAtMs(), r.getExpiresAtMs());
            subjects.put(subjectHash, SubjectRecord.encode(notBeforeMs, nowMs, expiresAtMs, r.getReasonValue()));
        }
        return Results.ok(index).build();
    }

    /** Marks the session row held in {@code sessionBuf} revoked, unless it already is. */
    private void markSessionRevoked(byte[] sessionHash, int length, long nowMs, int reason) {
        sessionRecord.wrap(sessionBuf, length);
        if (!sessionRecord.revoked()) {
            sessionRecord.revoke(nowMs, reason);
            sessions.put(sessionHash, Arrays.copyOf(sessionBuf, length));
        }
    }
}
