package io.bulwark.chaos.checker;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Revocation safety, per credential (key). Let a revoke be acknowledged (ok) at time T with
 * consistency token t. A check that answered ALLOW for that key violates safety when:
 * <ul>
 *   <li>{@code linearizable-admit-after-revoke}: it asked LINEARIZABLE and began after T;</li>
 *   <li>{@code at-least-admit-after-revoke}: it asked AT_LEAST(m) with m &ge; t and began after T;</li>
 *   <li>{@code admit-at-revoked-index}: whatever it asked, its answer reports an applied index &ge; t
 *       (the node claims a state that contains the revoke, yet admits).</li>
 * </ul>
 * LOCAL checks may admit for a while (replication lag, a partitioned node within its max
 * staleness): each LOCAL ALLOW that began after T is measured as staleness = its start − T and
 * reported against the configured bound; past the bound it is a violation
 * ({@code local-staleness-over-bound}) only when the checker is built with
 * {@link LocalBound#FAIL}. Revocation expiry is not modelled: workloads revoke with TTLs longer
 * than the run.
 */
public final class RevocationSafetyChecker implements Checker {

    /** What a LOCAL admit past the staleness bound is. */
    public enum LocalBound {
        /** Reported as numbers only. */
        REPORT,
        /** Also a violation. */
        FAIL
    }

    private final Duration localStalenessBound;
    private final LocalBound localBound;

    /**
     * @param localStalenessBound the node's configured max staleness plus the allowed replication lag
     * @param localBound          whether admits past it fail the verdict
     */
    public RevocationSafetyChecker(Duration localStalenessBound, LocalBound localBound) {
        if (localStalenessBound.isNegative()) {
            throw new IllegalArgumentException("negative staleness bound");
        }
        this.localStalenessBound = localStalenessBound;
        this.localBound = localBound;
    }

    @Override
    public String name() {
        return "revocation-safety";
    }

    @Override
    public Verdict check(History history) {
        long boundNanos = localStalenessBound.toNanos();
        List<Violation> violations = new ArrayList<>();
        long acked = 0;
        long checksAfterRevoke = 0;
        long localStaleAdmits = 0;
        long localOverBound = 0;
        long maxLocalStalenessNanos = 0;
        for (Map.Entry<String, List<Call>> e : history.callsByKey().entrySet()) {
            List<Call> revokes = new ArrayList<>();
            for (Call c : e.getValue()) {
                if (c.f() == Fn.REVOKE && c.isOk()) {
                    revokes.add(c);
                }
            }
            if (revokes.isEmpty()) {
                continue;
            }
            acked += revokes.size();
            Call first = revokes.get(0);
            for (Call r : revokes) {
                if (r.endNanos() < first.endNanos()) {
                    first = r;
                }
            }
            for (Call c : e.getValue()) {
                if (c.f() != Fn.CHECK || !c.isOk()
                        || (c.startNanos() <= first.endNanos() && !reportsRevokedIndex(c, revokes))) {
                    continue;
                }
                if (c.startNanos() > first.endNanos()) {
                    checksAfterRevoke++;
                }
                if (!Answers.ALLOW.equals(c.answeredValue())) {
                    continue;
                }
                Call broken = revokeBrokenBy(c, revokes);
                if (broken != null) {
                    violations.add(violation(c, broken, e.getKey()));
                } else if (c.consistency() == Consistency.LOCAL && c.startNanos() > first.endNanos()) {
                    long stalenessNanos = c.startNanos() - first.endNanos();
                    localStaleAdmits++;
                    maxLocalStalenessNanos = Math.max(maxLocalStalenessNanos, stalenessNanos);
                    if (stalenessNanos > boundNanos) {
                        localOverBound++;
                        if (localBound == LocalBound.FAIL) {
                            violations.add(new Violation("local-staleness-over-bound", e.getKey(),
                                    "LOCAL check on node " + c.node() + " admitted " + e.getKey() + " "
                                            + stalenessNanos / 1_000_000 + " ms after its revoke was acknowledged (bound "
                                            + localStalenessBound.toMillis() + " ms)",
                                    Violation.recordsOf(List.of(first, c))));
                        }
                    }
                }
            }
        }
        Map<String, Long> numbers = new LinkedHashMap<>();
        numbers.put("revokes_acknowledged", acked);
        numbers.put("checks_after_revoke", checksAfterRevoke);
        numbers.put("local_stale_admits", localStaleAdmits);
        numbers.put("local_max_staleness_ms", maxLocalStalenessNanos / 1_000_000);
        numbers.put("local_staleness_bound_ms", localStalenessBound.toMillis());
        numbers.put("local_over_bound", localOverBound);
        return Verdict.of(name(), violations, numbers, Verdict.Status.VALID, "");
    }

    private static boolean reportsRevokedIndex(Call check, List<Call> revokes) {
        for (Call r : revokes) {
            if (r.resultToken() != Op.NONE && check.resultToken() != Op.NONE && check.resultToken() >= r.resultToken()) {
                return true;
            }
        }
        return false;
    }

    /** The acknowledged revoke that an ALLOW answer contradicts, or null. */
    private static Call revokeBrokenBy(Call check, List<Call> revokes) {
        for (Call r : revokes) {
            boolean after = check.startNanos() > r.endNanos();
            if (after && check.consistency() == Consistency.LINEARIZABLE) {
                return r;
            }
            if (after && check.consistency() == Consistency.AT_LEAST && r.resultToken() != Op.NONE
                    && check.requestedToken() >= r.resultToken()) {
                return r;
            }
            if (r.resultToken() != Op.NONE && check.resultToken() != Op.NONE && check.resultToken() >= r.resultToken()) {
                return r;
            }
        }
        return null;
    }

    private static Violation violation(Call check, Call revoke, String key) {
        String kind;
        String why;
        boolean after = check.startNanos() > revoke.endNanos();
        if (after && check.consistency() == Consistency.LINEARIZABLE) {
            kind = "linearizable-admit-after-revoke";
            why = "a LINEARIZABLE check that began " + (check.startNanos() - revoke.endNanos()) / 1_000
                    + " us after the revoke was acknowledged";
        } else if (after && check.consistency() == Consistency.AT_LEAST && check.requestedToken() >= revoke.resultToken()) {
            kind = "at-least-admit-after-revoke";
            why = "an AT_LEAST(" + check.requestedToken() + ") check that began after the revoke was acknowledged";
        } else {
            kind = "admit-at-revoked-index";
            why = "a " + check.consistency().wireName() + " check answering at applied index " + check.resultToken();
        }
        return new Violation(kind, key, "revoke of " + key + " acknowledged with token " + revoke.resultToken()
                + ", yet " + why + " admitted it on node " + check.node(),
                Violation.recordsOf(List.of(revoke, check)));
    }
}
