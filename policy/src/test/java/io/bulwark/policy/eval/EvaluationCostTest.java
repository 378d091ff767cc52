package io.bulwark.policy.eval;

import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.v1.Effect;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes allocated per evaluation of the example bundle on the hot path (a reused request and
 * decision). The bound is loose on purpose — CEL's interpreter allocates per evaluation — but it
 * fails if per-request parsing or copying creeps in. No timing assertion (the box is shared).
 */
@Tag("slow")
class EvaluationCostTest {

    @Test
    void shouldAllocateLittlePerEvaluation() throws Exception {
        CompileResult r = PolicyCompiler.compile(BundleInput.fromDirectory(Path.of("..", "examples", "orders-bundle")));
        CompiledPolicy policy = CompiledPolicy.build(r.bundle(), r.contentHash());
        Principal who = Principal.of("https://id.example.test", "u1", List.of("reader"), List.of("pwd"),
                Map.of("tenant", "acme"));
        PolicyRequest req = new PolicyRequest().method("GET").path("/orders/42").ip("10.1.2.3").tenant("acme");
        PolicyDecision out = new PolicyDecision();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // Warm up long enough for the JIT's escape analysis: interpreted code allocates more.
        for (int i = 0; i < 100_000; i++) {
            policy.evaluate(who, req, 1_767_225_600_000L + i, out);
        }
        int n = 20_000;
        long before = mx.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            policy.evaluate(who, req, 1_767_225_600_000L + i, out);
        }
        long nanos = System.nanoTime() - t0;
        long bytesPerEval = (mx.getThreadAllocatedBytes(tid) - before) / n;
        System.out.printf("example bundle: %d B/eval, %.2f us/eval (5 CEL conditions evaluated)%n", bytesPerEval, nanos / 1e3 / n);
        assertThat(out.effect()).isEqualTo(Effect.ALLOW);
        assertThat(bytesPerEval).isLessThan(12_288);
    }
}
