package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import io.bulwark.chaos.testing.RegisterSimulation;
import io.bulwark.chaos.testing.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LinearizabilityCheckerTest {
    private static final Consistency LIN = Consistency.LINEARIZABLE;

    private final LinearizabilityChecker register = new LinearizabilityChecker(new RegisterModel());

    @Test
    void shouldAcceptConcurrentWritesReadInEitherOrder() {
        History h = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).ok(null)
                .call("b", Fn.WRITE, "x").value("2").at(2, 12).ok(null)
                .call("c", Fn.READ, "x").at(3, 5).ok("2")
                .call("c", Fn.READ, "x").at(13, 15).ok("1")
                .build();
        Verdict v = register.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers()).containsEntry("calls_checked", 4L);
    }

    @Test
    void shouldFlagReadThatNoOrderExplains() {
        // Write 1 then write 2 both complete before the read begins: reading 1 is stale.
        History h = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).ok(null)
                .call("a", Fn.WRITE, "x").value("2").at(20, 30).ok(null)
                .call("b", Fn.READ, "x").at(40, 50).ok("1")
                .call("b", Fn.READ, "y").at(60, 70).ok(null)
                .build();
        Verdict v = register.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.key()).isEqualTo("x");
            assertThat(viol.ops()).extracting(Op::value).containsExactly("1", null, "2", null, null, "1");
        });
    }

    @Test
    void shouldTreatIndeterminateWriteAsMaybeApplied() {
        Scenario applied = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).info()
                .call("b", Fn.READ, "x").at(20, 30).ok("1")
                .call("b", Fn.READ, "x").at(40, 50).ok("1");
        assertThat(register.check(applied.build()).status()).isEqualTo(Verdict.Status.VALID);
        Scenario notApplied = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).pending()
                .call("b", Fn.READ, "x").at(20, 30).ok(null);
        assertThat(register.check(notApplied.build()).status()).isEqualTo(Verdict.Status.VALID);
        // But once seen, a value cannot un-happen.
        Scenario flicker = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).info()
                .call("b", Fn.READ, "x").at(20, 30).ok("1")
                .call("b", Fn.READ, "x").at(40, 50).ok(null);
        assertThat(register.check(flicker.build()).status()).isEqualTo(Verdict.Status.INVALID);
    }

    @Test
    void shouldIgnoreFailedWritesAndLocalReads() {
        History failedWriteSeen = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).fail()
                .call("b", Fn.READ, "x").at(20, 30).ok("1")
                .build();
        // A failed write did not happen, so a LINEARIZABLE read of it is a violation...
        assertThat(register.check(failedWriteSeen).status()).isEqualTo(Verdict.Status.INVALID);
        History localStale = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 10).ok(null)
                .call("b", Fn.READ, "x").consistency(Consistency.LOCAL).at(20, 30).ok(null)
                .build();
        // ...while a stale LOCAL read is allowed by contract and left out.
        assertThat(register.check(localStale).status()).isEqualTo(Verdict.Status.VALID);
    }

    @Test
    void shouldCheckSessionLifecycle() {
        LinearizabilityChecker sessions = new LinearizabilityChecker(new SessionModel());
        History ok = new Scenario()
                .call("a", Fn.CREATE_SESSION, "s1").at(0, 10).ok(null)
                .call("b", Fn.GET_SESSION, "s1").consistency(LIN).at(5, 15).ok("ABSENT")
                .call("b", Fn.CHECK, "s1").consistency(LIN).at(16, 18).ok("ALLOW")
                .call("a", Fn.REVOKE, "s1").at(20, 30).ok(null)
                .call("b", Fn.CHECK, "s1").consistency(LIN).at(21, 25).ok("ALLOW")
                .call("b", Fn.GET_SESSION, "s1").consistency(LIN).at(31, 33).ok("REVOKED")
                .build();
        assertThat(sessions.check(ok).status()).isEqualTo(Verdict.Status.VALID);

        History resurrected = new Scenario()
                .call("a", Fn.CREATE_SESSION, "s1").at(0, 10).ok(null)
                .call("a", Fn.REVOKE, "s1").at(20, 30).ok(null)
                .call("b", Fn.GET_SESSION, "s1").consistency(LIN).at(31, 33).ok("REVOKED")
                .call("b", Fn.CHECK, "s1").consistency(LIN).at(40, 42).ok("ALLOW")
                .build();
        Verdict v = sessions.check(resurrected);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> assertThat(viol.ops())
                .filteredOn(op -> op.type() == OpType.OK).extracting(Op::f).contains(Fn.REVOKE, Fn.CHECK));
    }

    @Test
    void shouldCheckRevocationIsOneWay() {
        LinearizabilityChecker revocations = new LinearizabilityChecker(new RevocationModel());
        History ok = new Scenario()
                .call("a", Fn.CHECK, "tok").consistency(LIN).at(0, 5).ok("ALLOW")
                .call("b", Fn.REVOKE, "tok").at(10, 20).ok(null)
                .call("a", Fn.CHECK, "tok").consistency(LIN).at(11, 13).ok("DENY")
                .call("a", Fn.CHECK, "tok").consistency(LIN).at(14, 16).ok("DENY")
                .build();
        assertThat(revocations.check(ok).status()).isEqualTo(Verdict.Status.VALID);
        History flap = new Scenario()
                .call("b", Fn.REVOKE, "tok").at(10, 20).ok(null)
                .call("a", Fn.CHECK, "tok").consistency(LIN).at(11, 13).ok("DENY")
                .call("a", Fn.CHECK, "tok").consistency(LIN).at(14, 16).ok("ALLOW")
                .build();
        Verdict v = revocations.check(flap);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations().get(0).ops()).extracting(Op::value).contains("DENY", "ALLOW");
    }

    @Test
    void shouldSayUnknownWhenBudgetIsExceeded() {
        LinearizabilityChecker tiny = new LinearizabilityChecker(new RegisterModel(), 3, new Shrinker(3, 3));
        History h = RegisterSimulation.run(7, 4, 1, 50);
        Verdict v = tiny.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(v.note()).contains("budget");
        assertThat(v.numbers()).containsEntry("unknown_keys", 1L);
    }

    /** The timeout only guards against a hang; the verdicts are what is asserted. */
    @Test
    @Timeout(120)
    void shouldPassLargeSimulatedHistoryAndFlagOneCorruptedRead() {
        History h = RegisterSimulation.run(42, 6, 3, 4000);
        long t0 = System.nanoTime();
        Verdict v = register.check(h);
        long validMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("linearizability: %d records, %d calls checked, %d states, %d ms%n",
                h.ops().size(), v.numbers().get("calls_checked"), v.numbers().get("states_explored"), validMs);
        assertThat(v.status()).as(v.violations().toString()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers().get("calls_checked")).isGreaterThan(3500L);

        Op corrupted = findStaleableRead(h);
        List<Op> ops = new ArrayList<>(h.ops());
        ops.set((int) corrupted.index(), corrupted);
        History bad = History.of(ops);
        t0 = System.nanoTime();
        Verdict bv = register.check(bad);
        System.out.printf("linearizability (corrupted read %d on %s): %s in %d ms, shrunk to %d records%n",
                corrupted.index(), corrupted.key(), bv.status(), (System.nanoTime() - t0) / 1_000_000,
                bv.violations().isEmpty() ? 0 : bv.violations().get(0).ops().size());
        assertThat(bv.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(bv.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.key()).isEqualTo(corrupted.key());
            assertThat(viol.ops()).contains(corrupted);
            assertThat(viol.ops().size()).isLessThanOrEqualTo(6);
        });
    }

    /**
     * A read completion rewritten to a value certainly overwritten before the read began: write w1
     * completed, then write w2 began after w1 completed and completed before the read began.
     */
    private static Op findStaleableRead(History h) {
        List<Call> calls = h.calls();
        for (int i = calls.size() / 2; i < calls.size(); i++) {
            Call r = calls.get(i);
            if (r.f() != Fn.READ || !r.isOk()) {
                continue;
            }
            Call w2 = null;
            for (int j = i - 1; j >= 0 && w2 == null; j--) {
                Call c = calls.get(j);
                if (c.f() == Fn.WRITE && c.isOk() && c.key().equals(r.key()) && c.endNanos() < r.startNanos()) {
                    w2 = c;
                }
            }
            if (w2 == null) {
                continue;
            }
            for (int j = calls.indexOf(w2) - 1; j >= 0; j--) {
                Call w1 = calls.get(j);
                if (w1.f() == Fn.WRITE && w1.isOk() && w1.key().equals(r.key()) && w1.endNanos() < w2.startNanos()
                        && !w1.invokedValue().equals(r.answeredValue())) {
                    return r.completion().withValue(w1.invokedValue());
                }
            }
        }
        throw new IllegalStateException("simulation produced no stale-able read");
    }
}
