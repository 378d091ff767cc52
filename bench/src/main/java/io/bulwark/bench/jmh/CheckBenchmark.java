package io.bulwark.bench.jmh;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.Decision;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import io.bulwark.state.validate.Hashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The check evaluation a node performs per request, against real off-heap tables: session
 * lookup ({@link #sessionCheck}: hash, Chronicle read, expiry, revocation and subject cut-off) and
 * revocation lookup ({@link #tokenCheck}: token-claims checks, revocation and cut-off lookups; every
 * other token is revoked, so both outcomes are read). gRPC decoding is not included: see the load
 * generator for the end-to-end cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CheckBenchmark {

    private static final long NOW_MS = 1_800_000_000_000L;

    /** Sessions preloaded (and half as many token revocations): the lookups' table sizes. */
    @Param({"100000", "1000000"})
    public int rows;

    private BulwarkState state;
    private String[] sessionIds;
    private String[] tokenIds;
    private String[] subjects;

    @Setup(Level.Trial)
    public void load() {
        state = BulwarkState.open(new StateConfig(rows * 2L, rows * 2L, 10_000, 10_000, 256, Duration.ofMinutes(10)));
        sessionIds = new String[rows];
        tokenIds = new String[rows];
        subjects = new String[rows];
        CommandHeader header = CommandHeader.newBuilder().setActor("bench").setProposerTimeMs(NOW_MS - 1_000).build();
        long index = 1;
        CommandBatch.Builder batch = CommandBatch.newBuilder();
        for (int i = 0; i < rows; i++) {
            sessionIds[i] = "bench-session-id-" + i + "-aaaaaaaaaaaaaaaa";
            tokenIds[i] = "jti-" + i;
            subjects[i] = "user-" + (i % 10_000);
            batch.addCommands(Command.newBuilder().setHeader(header).setCreateSession(CreateSession.newBuilder()
                    .setSessionHash(ByteString.copyFrom(Hashes.sessionHash(sessionIds[i])))
                    .setSubject(subjects[i]).setTtlMs(3_600_000).setExpiresAtMs(NOW_MS + 3_599_000)));
            // Every other token is revoked so token checks hit both outcomes' lookups.
            if (i % 2 == 0) {
                batch.addCommands(Command.newBuilder().setHeader(header).setRevoke(Revoke.newBuilder()
                        .setKind(RevocationKind.REVOCATION_KIND_TOKEN)
                        .setKeyHash(ByteString.copyFrom(Hashes.tokenHash("https://id.bench.test", tokenIds[i])))
                        .setExpiresAtMs(NOW_MS + 3_600_000)));
            }
            if (batch.getCommandsCount() >= 1000) {
                state.apply(index++, batch.build());
                batch = CommandBatch.newBuilder();
            }
        }
        if (batch.getCommandsCount() > 0) {
            state.apply(index, batch.build());
        }
        CheckInput probe = new CheckInput();
        CheckOutcome out = new CheckOutcome();
        probe.reset().sessionId = sessionIds[0];
        state.check(probe, NOW_MS, out);
        if (out.decision != Decision.DECISION_ALLOW) {
            throw new IllegalStateException("setup broken: a live session was not allowed: " + out.reasons[0]);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        state.close();
    }

    /** Per-thread request and result holders, reused exactly as a node's gRPC threads reuse theirs. */
    @State(Scope.Thread)
    public static class Caller {
        final CheckInput input = new CheckInput();
        final CheckOutcome out = new CheckOutcome();
        int next;
    }

    @Benchmark
    public Decision sessionCheck(Caller c) {
        c.input.reset().sessionId = sessionIds[c.next++ % sessionIds.length];
        state.check(c.input, NOW_MS, c.out.reset());
        return c.out.decision;
    }

    @Benchmark
    public Decision tokenCheck(Caller c) {
        int i = c.next++ % tokenIds.length;
        CheckInput in = c.input.reset();
        in.issuer = "https://id.bench.test";
        in.tokenId = tokenIds[i];
        in.subject = subjects[i];
        in.issuedAtMs = NOW_MS - 60_000;
        in.expiresAtMs = NOW_MS + 600_000;
        state.check(in, NOW_MS, c.out.reset());
        return c.out.decision;
    }
}
