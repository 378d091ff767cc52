package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.testing.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerSuiteTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");
    private static final Consistency LIN = Consistency.LINEARIZABLE;
    private final CheckerSuite suite = CheckerSuite.standard(NODES, Duration.ofMillis(500), "v1");

    /** One run mixing every workload; {@code broken} adds a stale admit and loses a revoke on n2. */
    private static History run(boolean broken) {
        Scenario s = new Scenario()
                .fault("partition-n3", 40, 80)
                // a session: DENY before it exists must not be judged by the credential model
                .call("c1", Fn.CHECK, "s1").consistency(LIN).node("n1").at(0, 1).ok(Answers.DENY)
                .call("c1", Fn.CREATE_SESSION, "s1").node("n1").at(2, 5).token(3).ok(null)
                .call("c2", Fn.GET_SESSION, "s1").consistency(LIN).node("n2").at(6, 7).ok(Answers.ACTIVE)
                .call("c1", Fn.REVOKE, "s1").node("n1").at(10, 12).token(6).ok(null)
                .call("c2", Fn.CHECK, "s1").consistency(LIN).node("n2").at(13, 14).token(6).ok(Answers.DENY)
                // a bare credential
                .call("c3", Fn.CHECK, "tok").consistency(LIN).node("n3").at(0, 1).token(1).version("v1").ok(Answers.ALLOW)
                .call("c3", Fn.REVOKE, "tok").node("n1").at(20, 25).token(9).ok(null)
                .call("c4", Fn.CHECK, "tok").consistency(Consistency.LOCAL).node("n3").at(50, 51).token(8).version("v2")
                        .ok(Answers.ALLOW)
                .call("c4", Fn.CHECK, "tok").consistency(Consistency.AT_LEAST).minIndex(9).node("n2").at(60, 61)
                        .token(10).version("v2").ok(Answers.DENY)
                // a register
                .call("c5", Fn.WRITE, "x").value("a").node("n1").at(30, 33).token(8).fail()
                .call("c5", Fn.WRITE, "x").value("b").node("n1").at(34, 38).info()
                .call("c6", Fn.READ, "x").consistency(LIN).node("n2").at(39, 41).ok("b")
                // policy versions
                .call("op", Fn.ACTIVATE_VERSION, null).value("v2").node("n1").at(3, 6).token(4).ok(null);
        if (broken) {
            s.call("c5", Fn.CHECK, "tok").consistency(LIN).node("n3").at(70, 72).token(8).version("v2")
                    .ok(Answers.ALLOW);
        }
        long t = 100;
        for (String n : NODES) {
            s.call("f-" + n, Fn.FINAL_READ, "s1").node(n).at(t, t + 1).ok(Answers.REVOKED);
            s.call("f-" + n, Fn.FINAL_READ, "tok").node(n).at(t + 2, t + 3)
                    .ok(broken && n.equals("n2") ? Answers.NOT_REVOKED : Answers.REVOKED);
            s.call("f-" + n, Fn.STATE_DIGEST, null).node(n).at(t + 4, t + 5).token(12).ok("d12");
            t += 10;
        }
        return s.build();
    }

    @Test
    void shouldPassAHealthyMixedRun() {
        List<Verdict> verdicts = suite.check(run(false));
        assertThat(verdicts).extracting(Verdict::checker).containsExactly("linearizability/register",
                "linearizability/session", "linearizability/revocation", "revocation-safety", "no-lost-writes",
                "policy-versions", "convergence", "availability");
        assertThat(verdicts).allSatisfy(v -> assertThat(v.status()).as(v.checker() + " " + v.violations())
                .isEqualTo(Verdict.Status.VALID));
        assertThat(verdicts.get(1).numbers()).containsEntry("keys", 1L);
        assertThat(verdicts.get(2).numbers()).containsEntry("keys", 1L);
        BuildGate.requireSafe(verdicts, false);
    }

    @Test
    void shouldFailTheBuildOnABrokenRun() {
        List<Verdict> verdicts = suite.check(run(true));
        assertThat(verdicts).filteredOn(v -> v.status() == Verdict.Status.INVALID).extracting(Verdict::checker)
                .containsExactly("linearizability/revocation", "revocation-safety", "no-lost-writes");
        assertThatThrownBy(() -> BuildGate.requireSafe(verdicts, true)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[linearizable-admit-after-revoke]")
                .hasMessageContaining("[lost-acknowledged-write]");
    }
}
