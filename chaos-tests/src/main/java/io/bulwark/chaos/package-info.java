/**
 * Bulwark's Jepsen-style suite, the part that needs no containers.
 *
 * <p>A run records a {@link io.bulwark.chaos.history.History} of client operations and nemesis
 * events on one runner clock ({@code history}); checkers turn it into
 * {@link io.bulwark.chaos.checker.Verdict}s ({@code checker}); {@code report} writes the history,
 * the verdicts and an HTML page with a timeline and a latency plot under {@code target/chaos/<run>/}.
 * A safety violation fails the build through {@link io.bulwark.chaos.checker.BuildGate}.
 *
 * <p>The container harness and the nemeses that will produce real histories are not built yet;
 * until then every checker is exercised on synthetic histories (docs/TESTING.md).
 */
package io.bulwark.chaos;
