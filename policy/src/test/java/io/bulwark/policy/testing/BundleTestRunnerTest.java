package io.bulwark.policy.testing;

import io.bulwark.policy.TestBundles;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.v1.Effect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BundleTestRunnerTest {

    @Test
    void shouldReportFailuresWithExpectedAndActualDecisionAndRule() throws Exception {
        CompileResult r = TestBundles.ok("""
                bundle "t"
                role reader { permit "orders:read" }
                route GET "/orders/{id}" requires "orders:read"
                rule no-delete deny when { request.method == "DELETE" }
                test "passes" { request GET "/orders/1" as { sub: "u", roles: ["reader"] } expect allow by route }
                test "wrong effect" { request GET "/orders/1" expect allow }
                test "wrong rule" { request DELETE "/orders/1" expect deny by default }
                test "right rule" { request DELETE "/orders/1" expect deny by no-delete }
                """);
        TestReport report = BundleTestRunner.run(CompiledPolicy.build(r.bundle(), r.contentHash()));
        assertThat(report.allPassed()).isFalse();
        assertThat(report.failures()).isEqualTo(2);
        assertThat(report.results()).extracting(TestResult::passed).containsExactly(true, false, false, true);
        TestResult wrongEffect = report.results().get(1);
        assertThat(wrongEffect.expectedEffect()).isEqualTo(Effect.ALLOW);
        assertThat(wrongEffect.actualEffect()).isEqualTo(Effect.DENY);
        assertThat(wrongEffect.describe()).isEqualTo("FAIL wrong effect: expected allow, got deny by default [PERMISSION_MISSING]");
        assertThat(report.results().get(2).describe())
                .isEqualTo("FAIL wrong rule: expected deny by default, got deny by no-delete [RULE_DENY]");
        assertThat(report.describe()).contains("2 passed, 2 failed (bundle t sha256:");
    }

    @Test
    void shouldUseTheTestsTimeAndIssuerRolesClaim() throws Exception {
        CompileResult r = TestBundles.ok("""
                bundle "t"
                role reader { permit "r:read" }
                route GET "/r" requires "r:read"
                rule new-year challenge "mfa" when { now >= timestamp("2027-01-01T00:00:00Z") }
                test "before" { request GET "/r" as { sub: "u", roles: ["reader"] } at "2026-12-31T23:59:59Z" expect allow }
                test "after" { request GET "/r" as { sub: "u", roles: ["reader"] } at "2027-01-01T00:00:00Z" expect challenge "mfa" by new-year }
                """);
        TestReport report = BundleTestRunner.run(CompiledPolicy.build(r.bundle(), r.contentHash()));
        assertThat(report.allPassed()).as(report.describe()).isTrue();
    }
}
