package io.bulwark.cli.bundle;

import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.policy.testing.BundleTestRunner;
import io.bulwark.policy.testing.TestReport;
import io.bulwark.policy.testing.TestResult;
import io.bulwark.policy.v1.CompiledBundle;
import io.bulwark.policy.v1.TestCase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates the same requests under two bundles and pairs the decisions, for {@code bundle diff --requests}: what a
 * rollout would change for real traffic. Requests run through {@link BundleTestRunner} as expectation-less test
 * cases, so they are decided exactly as bundle tests (and a node's evaluator) decide them.
 */
final class DecisionFlips {
    private DecisionFlips() {
    }

    /** One request's decision before and after. */
    record Outcome(RequestFile.Entry request, TestResult before, TestResult after) {
        /** The effect or the challenge step differs: an enforcement point would act differently. */
        boolean flipped() {
            return before.actualEffect() != after.actualEffect() || !before.actualStep().equals(after.actualStep());
        }

        /** Same effect and step, but another rule decided it (worth a look: the reasoning changed). */
        boolean ruleChanged() {
            return !flipped() && !before.actualRule().equals(after.actualRule());
        }

        /** {@code line 3: GET /orders/1 as u1: allow by route -> deny by default [PERMISSION_MISSING]}. */
        String describe() {
            return "line " + request.line() + ": " + request.label() + ": " + decision(before) + " -> "
                + decision(after);
        }

        String json() {
            return new JsonObjectWriter().num("line", request.line()).str("request", request.label())
                .raw("before", decisionJson(before)).raw("after", decisionJson(after)).build();
        }
    }

    /** Decides every request under {@code before} and {@code after}; one outcome per request, in file order. */
    static List<Outcome> compare(final Path beforeOrigin, final LoadedBundle before, final Path afterOrigin,
                                 final LoadedBundle after, final List<RequestFile.Entry> requests) {
        final List<TestCase> cases = new ArrayList<>(requests.size());
        requests.forEach(r -> cases.add(r.testCase()));
        final TestReport a = run(beforeOrigin, before, cases);
        final TestReport b = run(afterOrigin, after, cases);
        final List<Outcome> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            out.add(new Outcome(requests.get(i), a.results().get(i), b.results().get(i)));
        }
        return out;
    }

    private static TestReport run(final Path origin, final LoadedBundle bundle, final List<TestCase> cases) {
        // The bundle's own tests are swapped for the requests; the hash still names the bundle as given.
        final CompiledBundle withRequests = bundle.bundle().toBuilder().clearTests().addAllTests(cases).build();
        return BundleTestRunner.run(BundleLoader.evaluator(origin, withRequests, bundle.contentHash()));
    }

    private static String decision(final TestResult r) {
        return TestCommand.effect(r.actualEffect()) + (r.actualStep().isEmpty() ? "" : " \"" + r.actualStep() + "\"")
            + " by " + r.actualRule() + " [" + r.reason() + "]";
    }

    private static String decisionJson(final TestResult r) {
        return new JsonObjectWriter().str("effect", TestCommand.effect(r.actualEffect())).str("rule", r.actualRule())
            .str("step", r.actualStep()).str("reason", r.reason()).build();
    }
}
