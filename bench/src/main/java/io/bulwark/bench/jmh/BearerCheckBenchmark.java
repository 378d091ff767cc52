package io.bulwark.bench.jmh;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.BundleSigner;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PromoteBundle;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import io.bulwark.state.bundle.Admission;
import io.bulwark.state.bundle.BundleCommands;
import io.bulwark.state.bundle.PolicySettings;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole check a node runs for a bearer JWT, minus gRPC, through the node's own entry point
 * {@link BulwarkState#check}: token verification by the active version's verifier (with its
 * verified-token cache) → revocation and subject cut-off lookups in the off-heap tables
 * ({@link #rows} token revocations preloaded) → the active bundle's rules.
 *
 * <p>The example bundle plus a benchmark issuer ({@link BenchIssuer}: RSA-2048, P-256 and Ed25519
 * keys made per trial) is signed with a per-trial key, pushed and promoted through
 * {@link BulwarkState#apply}, as a replica activates a version. Two replicas hold the same state:
 * one with the default verified-token cache, one with the cache off ({@code
 * policy.token.cache.size=0}), so a check on it verifies the signature every time.
 * <ul>
 *   <li>{@link #cachedToken}: a live reader token seen before, GET /orders/42 → ALLOW;</li>
 *   <li>{@link #coldToken}: the same request on the replica without a cache — the cost of a token's
 *       first sight ({@link #alg} decides the signature cost);</li>
 *   <li>{@link #revokedToken}: a revoked token (cached) → DENY at the revocation lookup, rules skipped.</li>
 * </ul>
 * Set-up fails unless each request gets exactly that decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class BearerCheckBenchmark {

    private static final long NOW_MS = PolicyEvaluationBenchmark.NOW_MS;
    /** Cached checks run in set-up before JMH's own warm-up (≈ 0.5 s once compiled). */
    private static final int PRE_WARM_CHECKS = 200_000;

    /** Token revocations preloaded into the revocation table. */
    @Param({"100000"})
    public int rows;

    /** Signature algorithm of the tokens (a {@code BenchIssuer.Alg} name). */
    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private BulwarkState cachedReplica;
    private BulwarkState uncachedReplica;
    private String liveToken;
    private String revokedToken;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchIssuer issuer = new BenchIssuer();
        OctetKeyPair signer = new OctetKeyPairGenerator(Curve.Ed25519).keyID("bench-bundle-signer").generate();
        CompileResult compiled = ExampleBundle.compile(issuer.source());
        byte[] signed = BundleSigner.sign(compiled.canonicalBytes(), new BundleMetadata("orders", "bench", "", NOW_MS - 60_000),
                signer).toJson().getBytes(StandardCharsets.UTF_8);
        BenchIssuer.Alg a = BenchIssuer.Alg.valueOf(alg);
        liveToken = issuer.mint(a, "u1", "jti-live", List.of("reader"), NOW_MS);
        revokedToken = issuer.mint(a, "u1", "jti-0", List.of("reader"), NOW_MS);
        StateConfig config = new StateConfig(1_000, rows * 2L, 10_000, 10_000, 256, Duration.ofMinutes(10));
        cachedReplica = replica(config, new PolicySettings(List.of(signer.toPublicJWK()), 10,
                PolicySettings.DEFAULT_TOKEN_CACHE_SIZE), signed);
        uncachedReplica = replica(config, new PolicySettings(List.of(signer.toPublicJWK()), 10, 0), signed);

        Caller probe = new Caller();
        expect(cachedReplica, probe, liveToken, Decision.DECISION_ALLOW, ReasonCode.REASON_POLICY_ALLOW);
        expect(uncachedReplica, probe, liveToken, Decision.DECISION_ALLOW, ReasonCode.REASON_POLICY_ALLOW);
        expect(cachedReplica, probe, revokedToken, Decision.DECISION_DENY, ReasonCode.REASON_TOKEN_REVOKED);
        // The path spans Nimbus, Chronicle, CEL and the evaluator; on the shared 2-core box the JIT did
        // not finish with it within a short warm-up (first measured iterations 5-10x slow). Bounded extra warm-up.
        for (int i = 0; i < PRE_WARM_CHECKS; i++) {
            check(cachedReplica, probe, (i & 1) == 0 ? liveToken : revokedToken);
        }
    }

    /** A replica with the signed bundle pushed and promoted, {@code rows} revoked token ids and a cut-off for u1. */
    private BulwarkState replica(StateConfig config, PolicySettings settings, byte[] signedBundle) {
        BulwarkState state = BulwarkState.open(config, settings);
        CommandHeader header = CommandHeader.newBuilder().setActor("bench").setProposerTimeMs(NOW_MS - 1_000).build();
        Admission admitted = state.admitBundle(signedBundle);
        if (!admitted.ok()) {
            throw new IllegalStateException("set-up broken: bundle refused: " + admitted.code() + " " + admitted.detail());
        }
        long index = 1;
        requireOk(state.apply(index++, CommandBatch.newBuilder().addCommands(Command.newBuilder().setHeader(header)
                .setPutBundleVersion(BundleCommands.put(signedBundle, admitted))).build()).getResults(0), "push");
        requireOk(state.apply(index++, CommandBatch.newBuilder().addCommands(Command.newBuilder().setHeader(header)
                .setPromoteBundle(PromoteBundle.newBuilder().setVersion(1))).build()).getResults(0), "promote");
        if (state.activeBundleVersion() != 1) {
            throw new IllegalStateException("set-up broken: version 1 not active");
        }
        CommandBatch.Builder batch = CommandBatch.newBuilder();
        // A cut-off for u1 that predates its tokens, so the allowed path reads a real cut-off row too.
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
        return state;
    }

    private static void requireOk(CommandResult r, String what) {
        if (r.getCode() != ResultCode.RESULT_OK) {
            throw new IllegalStateException("set-up broken: " + what + " answered " + r.getCode());
        }
    }

    private static void expect(BulwarkState state, Caller c, String token, Decision decision, ReasonCode first) {
        check(state, c, token);
        if (c.outcome.decision != decision || c.outcome.reasonCount == 0 || c.outcome.reasons[0] != first) {
            throw new IllegalStateException("set-up broken: expected " + decision + "/" + first + ", got "
                    + c.outcome.decision + "/" + (c.outcome.reasonCount == 0 ? "none" : c.outcome.reasons[0]));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        cachedReplica.close();
        uncachedReplica.close();
    }

    /** Per-thread input and outcome, reused as a node's request threads reuse theirs. */
    @State(Scope.Thread)
    public static class Caller {
        final CheckInput input = new CheckInput();
        final CheckOutcome outcome = new CheckOutcome();
    }

    private static Decision check(BulwarkState state, Caller c, String token) {
        CheckInput in = c.input.reset();
        in.bearerToken = token;
        in.method = "GET";
        in.path = "/orders/42";
        in.sourceIp = "10.1.2.3";
        in.tenant = "acme";
        state.check(in, NOW_MS, c.outcome);
        return c.outcome.decision;
    }

    @Benchmark
    public Decision cachedToken(Caller c) {
        return check(cachedReplica, c, liveToken);
    }

    @Benchmark
    public Decision coldToken(Caller c) {
        return check(uncachedReplica, c, liveToken);
    }

    @Benchmark
    public Decision revokedToken(Caller c) {
        return check(cachedReplica, c, revokedToken);
    }
}
