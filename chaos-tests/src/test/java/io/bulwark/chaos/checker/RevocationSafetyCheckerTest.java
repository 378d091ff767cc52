package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import io.bulwark.chaos.testing.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RevocationSafetyCheckerTest {
    private final RevocationSafetyChecker checker =
            new RevocationSafetyChecker(Duration.ofMillis(100), RevocationSafetyChecker.LocalBound.REPORT);

    /** Revoke of "tok" acknowledged at 20 ms with token 50. */
    private static Scenario revoked() {
        return new Scenario().call("w", Fn.REVOKE, "tok").node("n1").at(10, 20).token(50).ok(null);
    }

    @Test
    void shouldAcceptAdmitsBeforeAckAndDenialsAfter() {
        History h = revoked()
                .call("a", Fn.CHECK, "tok").consistency(Consistency.LINEARIZABLE).node("n2").at(12, 18).token(49)
                        .ok(Answers.ALLOW)
                .call("a", Fn.CHECK, "tok").consistency(Consistency.LINEARIZABLE).node("n2").at(21, 23).token(50)
                        .ok(Answers.DENY)
                .call("b", Fn.CHECK, "tok").consistency(Consistency.AT_LEAST).minIndex(50).node("n3").at(22, 24)
                        .token(51).ok(Answers.DENY)
                // AT_LEAST an older token may still admit: the contract only covers tokens >= 50.
                .call("c", Fn.CHECK, "tok").consistency(Consistency.AT_LEAST).minIndex(40).node("n3").at(25, 26)
                        .token(45).ok(Answers.ALLOW)
                // LOCAL staleness within the bound is measured, not a violation.
                .call("d", Fn.CHECK, "tok").consistency(Consistency.LOCAL).node("n3").at(60, 61).token(47)
                        .ok(Answers.ALLOW)
                .build();
        Verdict v = checker.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers()).containsEntry("revokes_acknowledged", 1L).containsEntry("local_stale_admits", 1L)
                .containsEntry("local_max_staleness_ms", 40L).containsEntry("local_over_bound", 0L);
    }

    @Test
    void shouldFlagStaleLinearizableAdmitAfterAcknowledgedRevoke() {
        History h = revoked()
                .call("a", Fn.CHECK, "tok").consistency(Consistency.LINEARIZABLE).node("n2").at(30, 32).token(48)
                        .ok(Answers.ALLOW)
                .build();
        Verdict v = checker.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.kind()).isEqualTo("linearizable-admit-after-revoke");
            assertThat(viol.ops()).extracting(Op::f, Op::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Fn.REVOKE, OpType.INVOKE),
                    org.assertj.core.groups.Tuple.tuple(Fn.REVOKE, OpType.OK),
                    org.assertj.core.groups.Tuple.tuple(Fn.CHECK, OpType.INVOKE),
                    org.assertj.core.groups.Tuple.tuple(Fn.CHECK, OpType.OK));
        });
    }

    @Test
    void shouldFlagAtLeastAdmitAndAdmitAtRevokedIndex() {
        History h = revoked()
                .call("a", Fn.CHECK, "tok").consistency(Consistency.AT_LEAST).minIndex(50).node("n2").at(30, 32)
                        .token(44).ok(Answers.ALLOW)
                .call("b", Fn.CHECK, "tok").consistency(Consistency.LOCAL).node("n3").at(15, 33).token(52)
                        .ok(Answers.ALLOW)
                .build();
        Verdict v = checker.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).extracting(Violation::kind)
                .containsExactlyInAnyOrder("at-least-admit-after-revoke", "admit-at-revoked-index");
    }

    @Test
    void shouldFailLocalStalenessPastBoundOnlyWhenAsked() {
        History h = revoked()
                .call("a", Fn.CHECK, "tok").consistency(Consistency.LOCAL).node("n3").at(500, 501).token(47)
                        .ok(Answers.ALLOW)
                .build();
        Verdict reported = checker.check(h);
        assertThat(reported.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(reported.numbers()).containsEntry("local_over_bound", 1L).containsEntry("local_max_staleness_ms", 480L);
        Verdict strict = new RevocationSafetyChecker(Duration.ofMillis(100), RevocationSafetyChecker.LocalBound.FAIL)
                .check(h);
        assertThat(strict.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(strict.violations()).singleElement().extracting(Violation::kind)
                .isEqualTo("local-staleness-over-bound");
    }

    @Test
    void shouldIgnoreRevokesThatWereNotAcknowledged() {
        History h = new Scenario()
                .call("w", Fn.REVOKE, "tok").at(10, 20).info()
                .call("x", Fn.REVOKE, "tok2").at(10, 20).fail()
                .call("a", Fn.CHECK, "tok").consistency(Consistency.LINEARIZABLE).at(30, 32).ok(Answers.ALLOW)
                .call("a", Fn.CHECK, "tok2").consistency(Consistency.LINEARIZABLE).at(33, 34).ok(Answers.ALLOW)
                .build();
        assertThat(checker.check(h).status()).isEqualTo(Verdict.Status.VALID);
    }
}
