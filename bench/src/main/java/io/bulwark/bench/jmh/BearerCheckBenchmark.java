package io.bulwark.bench.jmh;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.Decision;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyDecision;
import io.bulwark.policy.eval.PolicyRequest;
import io.bulwark.policy.jwt.TokenVerification;
import io.bulwark.policy.jwt.TokenVerifier;
import io.bulwark.policy.jwt.VerifiedToken;
import io.bulwark.policy.v1.Effect;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole check a node runs for a bearer JWT, minus gRPC: verified-token cache lookup →
 * revocation and subject cut-off lookups in a real {@link BulwarkState} (off-heap Chronicle
 * tables preloaded with {@link #rows} token revocations) → policy evaluation of the example bundle.
 *
 * <p>No combined entry point was committed when this was written (state-machine's
 * {@code check.PolicyCheck} was still being built; the {@code bearer_token} field of
 * {@code CheckRequest} is new), so the path is composed here from the library calls a node makes,
 * in the order DESIGN.md gives:
 * {@link TokenVerifier#verify}, {@link BulwarkState#check}, {@link CompiledPolicy#evaluate}. The
 * verifier and policy are built once from one compiled bundle, as at activation; the token is
 * RS256 (on a cache hit the algorithm matters only through the token's length). Once the combined
 * entry point lands, benchmark it here instead so the number follows the node's real code.
 * <ul>
 *   <li>{@link #allowedRead}: a live reader token, GET /orders/42 → ALLOW (every stage runs);</li>
 *   <li>{@link #revokedToken}: a revoked token → DENY at the revocation lookup (policy skipped).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class BearerCheckBenchmark {

    private static final long NOW_MS = PolicyEvaluationBenchmark.NOW_MS;
    /** Checks run in set-up before JMH's own warm-up (≈ 0.5 s once compiled). */
    private static final int PRE_WARM_CHECKS = 200_000;

    /** Token revocations preloaded into the revocation table. */
    @Param({"100000"})
    public int rows;

    private BulwarkState state;
    private TokenVerifier verifier;
    private CompiledPolicy policy;
    private String liveToken;
    private String revokedToken;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchIssuer issuer = new BenchIssuer();
        CompileResult r = ExampleBundle.compile(issuer.source());
        verifier = TokenVerifier.fromBundle(r.bundle(), 10_000);
        policy = CompiledPolicy.build(r.bundle(), r.contentHash());
        liveToken = issuer.mint(BenchIssuer.Alg.RS256, "u1", "jti-live", List.of("reader"), NOW_MS);
        revokedToken = issuer.mint(BenchIssuer.Alg.RS256, "u1", "jti-0", List.of("reader"), NOW_MS);
        state = BulwarkState.open(new StateConfig(1_000, rows * 2L, 10_000, 10_000, 256, Duration.ofMinutes(10)));
        load();

        Caller probe = new Caller();
        if (check(probe, liveToken) != Effect.ALLOW || probe.outcome.decision != Decision.DECISION_ALLOW) {
            throw new IllegalStateException("set-up broken: live token not allowed: " + probe.decision);
        }
        if (check(probe, revokedToken) != Effect.DENY || probe.outcome.decision != Decision.DECISION_DENY) {
            throw new IllegalStateException("set-up broken: revoked token not denied by the store");
        }
        // This path spans Nimbus, Chronicle, CEL and the evaluator: on the shared 2-core box the JIT
        // did not finish with it within the short warm-up the project runs (-wi 3 -w 1; first
        // measured iterations 5-10x slow). A bounded pre-warm here is extra warm-up, nothing more.
        for (int i = 0; i < PRE_WARM_CHECKS; i++) {
            check(probe, (i & 1) == 0 ? liveToken : revokedToken);
        }
    }

    /**
     * {@code rows} revoked token ids ({@code jti-0} … of the bench issuer) and a subject cut-off for
     * {@code u1} that predates its tokens, so the allowed path reads a real cut-off row too.
     */
    private void load() {
        CommandHeader header = CommandHeader.newBuilder().setActor("bench").setProposerTimeMs(NOW_MS - 1_000).build();
        long index = 1;
        CommandBatch.Builder batch = CommandBatch.newBuilder();
        batch.addCommands(Command.newBuilder().setHeader(header).setRevoke(Revoke.newBuilder()
                .setKind(RevocationKind.REVOCATION_KIND_SUBJECT)
                .setKeyHash(ByteString.copyFrom(Hashes.subjectHash("u1")))
                .setNotBeforeMs(NOW_MS - 3_600_000).setExpiresAtMs(NOW_MS + 3_600_000)));
        for (int i = 0; i < rows; i++) {
            batch.addCommands(Command.newBuilder().setHeader(header).setRevoke(Revoke.newBuilder()
                    .setKind(RevocationKind.REVOCATION_KIND_TOKEN)
                    .setKeyHash(ByteString.copyFrom(Hashes.tokenHash(BenchIssuer.URL, "jti-" + i)))
                    .setExpiresAtMs(NOW_MS + 3_600_000)));
            if (batch.getCommandsCount() >= 1000) {
                state.apply(index++, batch.build());
                batch = CommandBatch.newBuilder();
            }
        }
        if (batch.getCommandsCount() > 0) {
            state.apply(index, batch.build());
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        state.close();
    }

    /** Per-thread holders for every stage, reused as a node's request threads reuse theirs. */
    @State(Scope.Thread)
    public static class Caller {
        final CheckInput input = new CheckInput();
        final CheckOutcome outcome = new CheckOutcome();
        final PolicyRequest request = new PolicyRequest();
        final PolicyDecision decision = new PolicyDecision();
    }

    /** Token → store → policy; stops at the first stage that denies. */
    private Effect check(Caller c, String token) {
        TokenVerification v = verifier.verify(token, NOW_MS);
        if (!v.ok()) {
            return Effect.DENY;
        }
        VerifiedToken t = v.token();
        CheckInput in = c.input.reset();
        in.issuer = t.principal().issuer();
        in.tokenId = t.tokenId();
        in.subject = t.subject();
        in.issuedAtMs = t.issuedAtMs();
        in.expiresAtMs = t.expiresAtMs();
        state.check(in, NOW_MS, c.outcome);
        if (c.outcome.decision != Decision.DECISION_ALLOW) {
            return Effect.DENY;
        }
        c.request.reset().method("GET").path("/orders/42").ip("10.1.2.3").tenant("acme");
        policy.evaluate(t.principal(), c.request, NOW_MS, c.decision);
        return c.decision.effect();
    }

    @Benchmark
    public Effect allowedRead(Caller c) {
        return check(c, liveToken);
    }

    @Benchmark
    public Effect revokedToken(Caller c) {
        return check(c, revokedToken);
    }
}
