/**
 * The offline test runner: {@link io.bulwark.policy.testing.BundleTestRunner} evaluates a bundle's own
 * test cases and reports each as pass/fail with expected and actual decision and rule.
 */
package io.bulwark.policy.testing;
