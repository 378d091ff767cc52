package io.bulwark.policy.testing;

import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.Principal;
import io.bulwark.policy.eval.PolicyDecision;
import io.bulwark.policy.eval.PolicyRequest;
import io.bulwark.policy.v1.CompiledBundle;
import io.bulwark.policy.v1.Issuer;
import io.bulwark.policy.v1.TestCase;
import io.bulwark.policy.v1.TestPrincipal;
import io.bulwark.policy.v1.TestRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline test runner: evaluates each test case of a compiled bundle with the same
 * {@link CompiledPolicy} the node uses, at the test's own {@code now}, and compares decision,
 * deciding rule and challenge step. This is what {@code bulwark bundle test} runs in CI.
 */
public final class BundleTestRunner {
    private BundleTestRunner() {
    }

    /** Runs every test case of {@code policy}'s bundle. */
    public static TestReport run(CompiledPolicy policy) {
        CompiledBundle bundle = policy.bundle();
        Map<String, Issuer> issuers = new LinkedHashMap<>();
        bundle.getIssuersList().forEach(i -> issuers.put(i.getName(), i));
        List<TestResult> results = new ArrayList<>();
        PolicyRequest request = new PolicyRequest();
        PolicyDecision decision = new PolicyDecision();
        for (TestCase t : bundle.getTestsList()) {
            Principal principal = t.hasPrincipal() ? principal(t.getPrincipal(), issuers) : Principal.ANONYMOUS;
            TestRequest r = t.getRequest();
            request.reset().method(r.getMethod()).path(r.getPath()).ip(r.getIp()).tenant(r.getTenant())
                    .headers(r.getHeadersMap()).resource(StructValues.toMap(r.getResource()));
            policy.evaluate(principal, request, t.getNowMs(), decision);
            boolean ok = decision.effect() == t.getExpectEffect()
                    && (t.getExpectRule().isEmpty() || t.getExpectRule().equals(decision.rule()))
                    && (t.getExpectStep().isEmpty() || t.getExpectStep().equals(decision.challengeStep()));
            results.add(new TestResult(t.getName(), ok, t.getExpectEffect(), decision.effect(), t.getExpectRule(),
                    decision.rule(), t.getExpectStep(), decision.challengeStep(), decision.reason().name()));
        }
        return new TestReport(bundle.getMeta().getName(), policy.contentHash(), List.copyOf(results));
    }

    private static Principal principal(TestPrincipal p, Map<String, Issuer> issuers) {
        Map<String, Object> claims = new LinkedHashMap<>(StructValues.toMap(p.getClaims()));
        String rolesClaim = "roles";
        Issuer iss = issuers.get(p.getIssuer());
        if (iss != null) {
            rolesClaim = iss.getRolesClaim();
            claims.putIfAbsent("iss", iss.getUrl());
        }
        return Principal.fromClaims(claims, rolesClaim);
    }
}
