/**
 * Checkers: each turns a {@link io.bulwark.chaos.history.History} into a
 * {@link io.bulwark.chaos.checker.Verdict} — valid, invalid (with the violating operations), or
 * unknown (could not decide, e.g. a search budget ran out; never reported as a pass).
 *
 * <ul>
 *   <li>{@link io.bulwark.chaos.checker.LinearizabilityChecker}: Wing–Gong search with Lowe's
 *       memoisation, per key, over a {@link io.bulwark.chaos.checker.Model}
 *       ({@link io.bulwark.chaos.checker.RegisterModel}, {@link io.bulwark.chaos.checker.SessionModel},
 *       {@link io.bulwark.chaos.checker.RevocationModel}); an invalid key is shrunk by
 *       {@link io.bulwark.chaos.checker.Shrinker} to a small failing sub-history.</li>
 *   <li>{@link io.bulwark.chaos.checker.RevocationSafetyChecker}, {@link io.bulwark.chaos.checker.NoLostWritesChecker},
 *       {@link io.bulwark.chaos.checker.PolicyVersionChecker}, {@link io.bulwark.chaos.checker.ConvergenceChecker}:
 *       the safety properties of docs/TESTING.md.</li>
 *   <li>{@link io.bulwark.chaos.checker.AvailabilityStats}: numbers, not a verdict.</li>
 *   <li>{@link io.bulwark.chaos.checker.BuildGate}: turns verdicts into a build failure.</li>
 * </ul>
 * Checkers are pure functions of the history: no clock, no randomness.
 */
package io.bulwark.chaos.checker;
