package io.bulwark.state.read;

import io.bulwark.api.v1.Session;
import io.bulwark.api.v1.SessionState;
import io.bulwark.state.record.SessionRecord;
import io.bulwark.state.validate.Hashes;

/** Turns a session row into the public {@link Session} message (session_id is never known here). */
public final class SessionViews {
    private SessionViews() {
    }

    /** The state of a session row judged at {@code nowMs}: revoked wins over expired. */
    public static SessionState state(SessionRecord r, long nowMs) {
        if (r.revoked()) {
            return SessionState.SESSION_STATE_REVOKED;
        }
        return r.expiresAtMs() <= nowMs ? SessionState.SESSION_STATE_EXPIRED : SessionState.SESSION_STATE_ACTIVE;
    }

    public static Session toProto(byte[] sessionHash, SessionRecord r, long nowMs) {
        return Session.newBuilder()
                .setSessionRef(Hashes.toRef(sessionHash))
                .setSubject(r.subject())
                .setCreatedAtMs(r.createdAtMs())
                .setExpiresAtMs(r.expiresAtMs())
                .setLastTouchedAtMs(r.lastTouchedAtMs())
                .setTtlMs(r.ttlMs())
                .setState(state(r, nowMs))
                .setRevokedAtMs(r.revokedAtMs())
                .build();
    }
}
