package io.bulwark.state;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.TouchSession;
import io.bulwark.state.validate.Hashes;

import java.time.Duration;

/** Builds commands the way the node's edge would, for tests. */
public final class TestCommands {
    public static final long T0 = 1_800_000_000_000L;

    private TestCommands() {
    }

    public static StateConfig smallConfig() {
        return new StateConfig(1_000, 1_000, 1_000, 1_000, 8, Duration.ofMinutes(10));
    }

    public static CommandHeader header(long nowMs, String requestId) {
        return CommandHeader.newBuilder().setActor("tester").setProposerTimeMs(nowMs).setRequestId(requestId)
                .setProposerNode("n1").build();
    }

    public static Command create(long nowMs, String sessionId, String subject, long ttlMs) {
        return create(nowMs, "", sessionId, subject, ttlMs);
    }

    public static Command create(long nowMs, String requestId, String sessionId, String subject, long ttlMs) {
        return Command.newBuilder().setHeader(header(nowMs, requestId))
                .setCreateSession(CreateSession.newBuilder()
                        .setSessionHash(ByteString.copyFrom(Hashes.sessionHash(sessionId)))
                        .setSubject(subject).setTtlMs(ttlMs).setExpiresAtMs(nowMs + ttlMs))
                .build();
    }

    public static Command touch(long nowMs, String sessionId, long ttlMs) {
        return Command.newBuilder().setHeader(header(nowMs, ""))
                .setTouchSession(TouchSession.newBuilder()
                        .setSessionHash(ByteString.copyFrom(Hashes.sessionHash(sessionId))).setTtlMs(ttlMs))
                .build();
    }

    public static Command revoke(long nowMs, RevocationKind kind, byte[] keyHash, long notBeforeMs, long expiresAtMs) {
        return revoke(nowMs, "", kind, keyHash, notBeforeMs, expiresAtMs);
    }

    public static Command revoke(long nowMs, String requestId, RevocationKind kind, byte[] keyHash, long notBeforeMs, long expiresAtMs) {
        return Command.newBuilder().setHeader(header(nowMs, requestId))
                .setRevoke(Revoke.newBuilder().setKind(kind).setKeyHash(ByteString.copyFrom(keyHash))
                        .setNotBeforeMs(notBeforeMs).setExpiresAtMs(expiresAtMs)
                        .setReason(RevocationReason.REVOCATION_REASON_LOGOUT))
                .build();
    }

    public static Command revokeSession(long nowMs, String sessionId, long expiresAtMs) {
        return revoke(nowMs, RevocationKind.REVOCATION_KIND_SESSION, Hashes.sessionHash(sessionId), 0, expiresAtMs);
    }

    public static Command purge(long nowMs, long upToMs) {
        return Command.newBuilder().setHeader(header(nowMs, ""))
                .setPurgeExpired(PurgeExpired.newBuilder().setUpToMs(upToMs)).build();
    }

    /** Applies one command as its own entry at the next index and returns its result. */
    public static CommandResult applyOne(BulwarkState state, Command command) {
        return state.apply(state.lastAppliedIndex() + 1, CommandBatch.newBuilder().addCommands(command).build())
                .getResults(0);
    }
}
