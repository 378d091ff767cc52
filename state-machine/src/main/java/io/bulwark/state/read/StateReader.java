package io.bulwark.state.read;

import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.Session;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.record.RevocationRecord;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.record.SubjectRecord;
import io.bulwark.state.table.StateTables;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Limits;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Answers the API's session and revocation reads from the local tables. Thread-safe. */
public final class StateReader {
    private static final Comparator<Session> LIST_ORDER =
            Comparator.comparingLong(Session::getCreatedAtMs).thenComparing(Session::getSessionRef);

    private final StateTables tables;

    public StateReader(StateTables tables) {
        this.tables = tables;
    }

    /** The session of {@code sessionHash} judged at {@code nowMs}, or null when absent. */
    public Session getSession(byte[] sessionHash, long nowMs) {
        requireHash(sessionHash);
        byte[] buf = new byte[SessionRecord.MAX_BYTES];
        int n = tables.sessions().read(sessionHash, buf);
        return n < 0 ? null : SessionViews.toProto(sessionHash, new SessionRecord().wrap(buf, n), nowMs);
    }

    /**
     * Up to {@code limit} (0: {@value Limits#DEFAULT_LIST_LIMIT}, capped at {@value Limits#MAX_LIST_LIMIT})
     * sessions of {@code subject}, by creation time then ref; {@code truncated} when more exist.
     */
    public ListSessionsResponse.Builder listSessions(String subject, int limit, long nowMs) {
        if (subject == null || subject.isEmpty()) {
            return ListSessionsResponse.newBuilder();
        }
        int max = limit <= 0 ? Limits.DEFAULT_LIST_LIMIT : Math.min(limit, Limits.MAX_LIST_LIMIT);
        byte[][] hashes = tables.subjectIndex().sessions(Hashes.subjectHash(subject));
        List<Session> sessions = new ArrayList<>(hashes.length);
        byte[] buf = new byte[SessionRecord.MAX_BYTES];
        SessionRecord record = new SessionRecord();
        for (byte[] h : hashes) {
            int n = tables.sessions().read(h, buf);
            // Absent only while a batch that removes it is half-applied: skip, as a later read would.
            if (n >= 0) {
                sessions.add(SessionViews.toProto(h, record.wrap(buf, n), nowMs));
            }
        }
        sessions.sort(LIST_ORDER);
        ListSessionsResponse.Builder out = ListSessionsResponse.newBuilder();
        out.addAllSessions(sessions.size() > max ? sessions.subList(0, max) : sessions);
        out.setTruncated(sessions.size() > max);
        return out;
    }

    /** Revocation state of ({@code kind}, {@code keyHash}); SUBJECT reports the cut-off in force. */
    public GetRevocationResponse.Builder getRevocation(RevocationKind kind, byte[] keyHash) {
        requireHash(keyHash);
        GetRevocationResponse.Builder out = GetRevocationResponse.newBuilder();
        if (kind == RevocationKind.REVOCATION_KIND_SUBJECT) {
            byte[] buf = new byte[SubjectRecord.BYTES];
            if (tables.subjects().read(keyHash, buf) >= 0) {
                SubjectRecord r = new SubjectRecord().wrap(buf);
                out.setRevoked(true).setRevokedAtMs(r.revokedAtMs()).setExpiresAtMs(r.expiresAtMs())
                        .setNotBeforeMs(r.notBeforeMs()).setReason(reason(r.reason()));
            }
            return out;
        }
        if (kind == null || kind == RevocationKind.REVOCATION_KIND_UNSPECIFIED || kind == RevocationKind.UNRECOGNIZED) {
            throw new IllegalArgumentException("revocation kind must be TOKEN, SESSION, SUBJECT or API_KEY, was " + kind);
        }
        byte[] key = new byte[RevocationRecord.KEY_BYTES];
        RevocationRecord.key(kind.getNumber(), keyHash, key);
        byte[] buf = new byte[RevocationRecord.BYTES];
        if (tables.revocations().read(key, buf) >= 0) {
            RevocationRecord r = new RevocationRecord().wrap(buf);
            out.setRevoked(true).setRevokedAtMs(r.revokedAtMs()).setExpiresAtMs(r.expiresAtMs()).setReason(reason(r.reason()));
        }
        return out;
    }

    private static RevocationReason reason(int number) {
        RevocationReason r = RevocationReason.forNumber(number);
        return r == null ? RevocationReason.REVOCATION_REASON_UNSPECIFIED : r;
    }

    private static void requireHash(byte[] hash) {
        if (hash == null || hash.length != Limits.HASH_BYTES) {
            throw new IllegalArgumentException("hash must be " + Limits.HASH_BYTES + " bytes");
        }
    }
}
