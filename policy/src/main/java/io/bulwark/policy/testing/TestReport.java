package io.bulwark.policy.testing;

import java.util.List;

/** All results of a bundle's test run, in declaration order. */
public record TestReport(String bundleName, String contentHash, List<TestResult> results) {

    public boolean allPassed() {
        return results.stream().allMatch(TestResult::passed);
    }

    public long failures() {
        return results.stream().filter(r -> !r.passed()).count();
    }

    /** The whole report as text: one line per test, then a summary line. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        results.forEach(r -> sb.append(r.describe()).append('\n'));
        sb.append(results.size() - failures()).append(" passed, ").append(failures()).append(" failed (bundle ")
                .append(bundleName).append(' ').append(contentHash).append(")\n");
        return sb.toString();
    }
}
