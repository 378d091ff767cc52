package io.bulwark.bench.jmh;

import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyDecision;
import io.bulwark.policy.eval.PolicyRequest;
import io.bulwark.policy.eval.Principal;
import io.bulwark.policy.v1.Effect;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link CompiledPolicy#evaluate(Principal, PolicyRequest, long, PolicyDecision)} on the example
 * bundle ({@code examples/orders-bundle}, compiled once per trial as at activation), with a
 * per-thread request and decision reused as a node's request threads would. Principals are built
 * once, as the verified-token cache keeps them. Three representative requests:
 * <ul>
 *   <li>{@link #allowedRead}: a reader GETs an order — 3 deny conditions, route permission, 2
 *       challenge conditions (5 CEL evaluations) → ALLOW;</li>
 *   <li>{@link #deniedWrite}: a reader POSTs an order — 3 deny conditions, the one allow rule → DENY
 *       by default (PERMISSION_MISSING);</li>
 *   <li>{@link #challengedDelete}: an admin without MFA DELETEs an order — 3 deny conditions, route
 *       permission, the first challenge rule → CHALLENGE "mfa".</li>
 * </ul>
 * Set-up fails if any request does not get that decision, so the numbers are for the paths named.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PolicyEvaluationBenchmark {

    /** Fixed evaluation time: the evaluator takes time as an argument and never reads a clock. */
    static final long NOW_MS = 1_800_000_000_000L;
    private static final String ISSUER = "https://id.example.test";

    private CompiledPolicy policy;
    private Principal reader;
    private Principal admin;

    @Setup(Level.Trial)
    public void compile() throws Exception {
        CompileResult r = ExampleBundle.compile();
        policy = CompiledPolicy.build(r.bundle(), r.contentHash());
        reader = Principal.of(ISSUER, "u1", List.of("reader"), List.of("pwd"), Map.of("tenant", "acme"));
        admin = Principal.of(ISSUER, "a1", List.of("admin"), List.of("pwd"), Map.of("tenant", "acme"));
        Caller probe = new Caller();
        expect(Effect.ALLOW, "route", probe.read(), reader);
        expect(Effect.DENY, "default", probe.write(), reader);
        expect(Effect.CHALLENGE, "step-up-for-delete", probe.delete(), admin);
    }

    private void expect(Effect effect, String rule, Caller c, Principal who) {
        policy.evaluate(who, c.request, NOW_MS, c.decision);
        if (c.decision.effect() != effect || !c.decision.rule().equals(rule) || c.decision.conditionError()) {
            throw new IllegalStateException("set-up broken: expected " + effect + " by " + rule + ", got "
                    + c.decision + (c.decision.conditionError() ? " (condition error)" : ""));
        }
    }

    /** Per-thread request and decision, reused across operations. */
    @State(Scope.Thread)
    public static class Caller {
        final PolicyRequest request = new PolicyRequest();
        final PolicyDecision decision = new PolicyDecision();

        Caller read() {
            request.reset().method("GET").path("/orders/42").ip("10.1.2.3").tenant("acme");
            return this;
        }

        Caller write() {
            request.reset().method("POST").path("/orders").ip("10.1.2.3").tenant("acme");
            return this;
        }

        Caller delete() {
            request.reset().method("DELETE").path("/orders/42").ip("10.1.2.3").tenant("acme");
            return this;
        }
    }

    @Benchmark
    public Effect allowedRead(Caller c) {
        policy.evaluate(reader, c.read().request, NOW_MS, c.decision);
        return c.decision.effect();
    }

    @Benchmark
    public Effect deniedWrite(Caller c) {
        policy.evaluate(reader, c.write().request, NOW_MS, c.decision);
        return c.decision.effect();
    }

    @Benchmark
    public Effect challengedDelete(Caller c) {
        policy.evaluate(admin, c.delete().request, NOW_MS, c.decision);
        return c.decision.effect();
    }
}
