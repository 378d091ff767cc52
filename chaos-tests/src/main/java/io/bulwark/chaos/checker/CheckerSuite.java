package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.History;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkers a run applies, in report order, plus the availability numbers. A suite test does:
 * {@code verdicts = suite.check(history)}, writes the report, then
 * {@code BuildGate.requireSafe(verdicts, false)}.
 */
public final class CheckerSuite {
    private final List<Checker> checkers;

    /** A suite of the given checkers. */
    public CheckerSuite(List<Checker> checkers) {
        this.checkers = List.copyOf(checkers);
    }

    /**
     * Every checker of docs/TESTING.md: linearizability of registers, sessions and bare credentials
     * (each model on the keys it claims), revocation safety, no lost writes, policy versions and
     * convergence.
     *
     * @param nodes               every node of the cluster (each must report final reads and a digest)
     * @param localStalenessBound the bound LOCAL staleness is reported against
     * @param initialVersion      the bundle version active when the run starts, or null
     */
    public static CheckerSuite standard(List<String> nodes, Duration localStalenessBound, String initialVersion) {
        return new CheckerSuite(List.of(
                new LinearizabilityChecker(new RegisterModel()),
                new LinearizabilityChecker(new SessionModel()),
                new LinearizabilityChecker(new RevocationModel()),
                new RevocationSafetyChecker(localStalenessBound, RevocationSafetyChecker.LocalBound.REPORT),
                new NoLostWritesChecker(nodes),
                new PolicyVersionChecker(initialVersion),
                new ConvergenceChecker(nodes)));
    }

    /** Runs every checker, then appends the availability numbers as a last, VALID verdict. */
    public List<Verdict> check(History history) {
        List<Verdict> verdicts = new ArrayList<>(checkers.size() + 1);
        for (Checker c : checkers) {
            verdicts.add(c.check(history));
        }
        verdicts.add(AvailabilityStats.of(history).asVerdict());
        return verdicts;
    }
}
