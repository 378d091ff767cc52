package io.bulwark.state.apply;

import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.TouchSession;
import io.bulwark.state.read.SessionViews;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.table.SubjectIndex;
import io.bulwark.state.validate.CommandValidator;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Violation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** CreateSession and TouchSession. */
final class SessionApplier {
    private final OffHeapTable sessions;
    private final OffHeapTable revocations;
    private final SubjectIndex subjectIndex;
    private final byte[] buf = new byte[SessionRecord.MAX_BYTES];
    private final byte[] revocationKey = new byte[RevocationRecord.KEY_BYTES];
    private final SessionRecord record = new SessionRecord();

    SessionApplier(StateTables tables) {
        this.sessions = tables.sessions();
        this.revocations = tables.revocations();
        this.subjectIndex = tables.subjectIndex();
    }

    CommandResult create(long index, long nowMs, CreateSession c) {
        Violation v = CommandValidator.createSession(c, nowMs);
        if (v != null) {
            return Results.invalid(index, v);
        }
        byte[] hash = c.getSessionHash().toByteArray();
        if (sessions.contains(hash)) {
            return Results.reject(index, ResultCode.RESULT_ALREADY_EXISTS, "a session with this id exists");
        }
        // A revoked session id can never come back, even after its session row was purged.
        RevocationRecord.key(RevocationKind.REVOCATION_KIND_SESSION_VALUE, hash, revocationKey);
        if (revocations.contains(revocationKey)) {
            return Results.reject(index, ResultCode.RESULT_NOT_ACTIVE, "this session id was revoked");
        }
        byte[] subjectHash = Hashes.subjectHash(c.getSubject());
        if (subjectIndex.count(subjectHash) >= subjectIndex.maxSessionsPerSubject()
                && reclaimDeadSessions(subjectHash, nowMs) == 0) {
            return Results.reject(index, ResultCode.RESULT_SUBJECT_SESSION_LIMIT,
                    "subject holds the maximum of " + subjectIndex.maxSessionsPerSubject() + " sessions");
        }
        if (sessions.isFull()) {
            return Results.tableFull(index, sessions);
        }
        byte[] row = SessionRecord.encode(c.getSubject().getBytes(StandardCharsets.UTF_8), subjectHash,
                nowMs, c.getExpiresAtMs(), c.getTtlMs());
        sessions.put(hash, row);
        subjectIndex.add(subjectHash, hash);
        return Results.ok(index).setSession(view(hash, row, row.length, nowMs)).build();
    }

    CommandResult touch(long index, long nowMs, TouchSession t) {
        Violation v = CommandValidator.touchSession(t);
        if (v != null) {
            return Results.invalid(index, v);
        }
        byte[] hash = t.getSessionHash().toByteArray();
        int n = sessions.read(hash, buf);
        if (n < 0) {
            return Results.reject(index, ResultCode.RESULT_NOT_FOUND, "no such session");
        }
        record.wrap(buf, n);
        if (record.revoked()) {
            return Results.reject(index, ResultCode.RESULT_NOT_ACTIVE, "session is revoked");
        }
        if (record.expiresAtMs() <= nowMs) {
            return Results.reject(index, ResultCode.RESULT_NOT_ACTIVE, "session is expired");
        }
        long ttlMs = t.getTtlMs() > 0 ? t.getTtlMs() : record.ttlMs();
        record.expiresAtMs(nowMs + ttlMs).lastTouchedAtMs(nowMs);
        byte[] row = Arrays.copyOf(buf, n);
        sessions.put(hash, row);
        return Results.ok(index).setSession(view(hash, row, n, nowMs)).build();
    }

    /** The session as it is now, for a duplicate's reply; null when absent. */
    Session current(byte[] hash, long nowMs) {
        int n = sessions.read(hash, buf);
        return n < 0 ? null : view(hash, buf, n, nowMs);
    }

    /**
     * Frees a full subject's slots held by dead sessions (revoked, or expired at {@code nowMs}):
     * they would go at the next purge anyway, and a subject that logged out often must still be
     * able to log in. A revoked session's id stays blocked by its revocation row.
     * @return sessions removed
     */
    private int reclaimDeadSessions(byte[] subjectHash, long nowMs) {
        List<byte[]> dead = new ArrayList<>();
        for (byte[] h : subjectIndex.sessions(subjectHash)) {
            int n = sessions.read(h, buf);
            if (n < 0) {
                throw new IllegalStateException("subject index lists a session the sessions table lacks");
            }
            record.wrap(buf, n);
            if (record.revoked() || record.expiresAtMs() <= nowMs) {
                dead.add(h);
            }
        }
        if (!dead.isEmpty()) {
            for (byte[] h : dead) {
                sessions.remove(h);
            }
            subjectIndex.remove(subjectHash, dead.toArray(new byte[0][]));
        }
        return dead.size();
    }

    private Session view(byte[] hash, byte[] row, int length, long nowMs) {
        return SessionViews.toProto(hash, new SessionRecord().wrap(row, length), nowMs);
    }
}
