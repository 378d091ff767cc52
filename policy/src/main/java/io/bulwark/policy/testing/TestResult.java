package io.bulwark.policy.testing;

import io.bulwark.policy.v1.Effect;

/**
 * Outcome of one bundle test case: what was expected, what the policy decided, and whether they
 * agree. {@code expectedRule}/{@code expectedStep} are empty when the test does not check them.
 */
public record TestResult(String name, boolean passed, Effect expectedEffect, Effect actualEffect,
                         String expectedRule, String actualRule, String expectedStep, String actualStep,
                         String reason) {

    /** One line for the CLI: {@code PASS name} or {@code FAIL name: expected ..., got ...}. */
    public String describe() {
        if (passed) {
            return "PASS " + name + " (" + label(actualEffect, actualStep) + " by " + actualRule + ")";
        }
        return "FAIL " + name + ": expected " + label(expectedEffect, expectedStep)
                + (expectedRule.isEmpty() ? "" : " by " + expectedRule)
                + ", got " + label(actualEffect, actualStep) + " by " + actualRule + " [" + reason + "]";
    }

    private static String label(Effect e, String step) {
        String s = e.name().toLowerCase(java.util.Locale.ROOT);
        return step == null || step.isEmpty() ? s : s + " \"" + step + "\"";
    }
}
