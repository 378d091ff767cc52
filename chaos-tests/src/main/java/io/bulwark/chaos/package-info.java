/**
 * Bulwark's Jepsen-style suite.
 *
 * <p>A run records a {@link io.bulwark.chaos.history.History} of client operations and nemesis
 * events on one runner clock ({@code history}); checkers turn it into
 * {@link io.bulwark.chaos.checker.Verdict}s ({@code checker}); {@code report} writes the history,
 * the verdicts and an HTML page with a timeline and a latency plot under {@code target/chaos/<run>/}.
 * A safety violation fails the build through {@link io.bulwark.chaos.checker.BuildGate}.
 *
 * <p>Real histories come from containerised clusters: {@code harness} starts bulwark-node containers
 * with Testcontainers, {@code nemesis} injects faults into them, {@code workload} drives clients,
 * records the history, reads every node back after heal and hands the history to the checkers. Those
 * scenarios run only with {@code -Pchaos} (docs/TESTING.md); the default build tests the checkers on
 * synthetic histories.
 */
package io.bulwark.chaos;
