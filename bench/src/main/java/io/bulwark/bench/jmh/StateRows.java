package io.bulwark.bench.jmh;

import com.google.protobuf.ByteString;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.state.validate.Hashes;

/**
 * Replicated commands with distinct keys for benchmark set-up: session creates and token
 * revocations numbered from 0, as the node's edge builds them (hashed keys, expiry fixed by the
 * proposer). One place, so the apply, snapshot and check benchmarks load alike.
 */
final class StateRows {
    /** Proposer time of every command; benchmarks check at {@link PolicyEvaluationBenchmark#NOW_MS}. */
    static final long PROPOSED_AT_MS = PolicyEvaluationBenchmark.NOW_MS - 1_000;
    /** Distinct subjects the sessions are spread over (well under the per-subject session limit). */
    static final int SUBJECTS = 100_000;
    private static final CommandHeader HEADER = CommandHeader.newBuilder().setActor("bench")
            .setProposerTimeMs(PROPOSED_AT_MS).setProposerNode("n1").build();

    private StateRows() {
    }

    /** The session id of session {@code i}. */
    static String sessionId(long i) {
        return "bench-session-id-" + i + "-aaaaaaaaaaaaaaaa";
    }

    /** The subject of session {@code i}. */
    static String subject(long i) {
        return "user-" + (i % SUBJECTS);
    }

    /** Creates session {@code i}, live for an hour. */
    static Command createSession(long i) {
        return Command.newBuilder().setHeader(HEADER).setCreateSession(CreateSession.newBuilder()
                .setSessionHash(ByteString.copyFrom(Hashes.sessionHash(sessionId(i))))
                .setSubject(subject(i)).setTtlMs(3_600_000).setExpiresAtMs(PROPOSED_AT_MS + 3_600_000)).build();
    }

    /** Revokes token {@code jti-i} of {@link BenchIssuer#URL} for an hour. */
    static Command revokeToken(long i) {
        return Command.newBuilder().setHeader(HEADER).setRevoke(Revoke.newBuilder()
                .setKind(RevocationKind.REVOCATION_KIND_TOKEN)
                .setKeyHash(ByteString.copyFrom(Hashes.tokenHash(BenchIssuer.URL, "jti-" + i)))
                .setExpiresAtMs(PROPOSED_AT_MS + 3_600_000)).build();
    }

    /** {@code count} commands made by {@code make} from {@code first} on, as one batch. */
    static CommandBatch batch(long first, int count, java.util.function.LongFunction<Command> make) {
        CommandBatch.Builder b = CommandBatch.newBuilder();
        for (int i = 0; i < count; i++) {
            b.addCommands(make.apply(first + i));
        }
        return b.build();
    }
}
