package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.testing.Scenario;
import org.junit.jupiter.api.Test;

class PolicyVersionCheckerTest {
    private final PolicyVersionChecker checker = new PolicyVersionChecker("v1");

    /** v2 activated at index 10, rolled back to v1 at index 20. */
    private static Scenario activations() {
        return new Scenario()
                .call("op", Fn.ACTIVATE_VERSION, null).value("v2").at(0, 5).token(10).ok(null)
                .call("op", Fn.ACTIVATE_VERSION, null).value("v1").at(30, 35).token(20).ok(null);
    }

    private static Scenario answer(Scenario s, String process, String node, long index, String version, long atMs) {
        return s.call(process, Fn.CHECK, "cred").node(node).at(atMs, atMs + 1).token(index).version(version)
                .ok(Answers.ALLOW);
    }

    @Test
    void shouldAcceptAnswersThatFollowTheLog() {
        Scenario s = activations();
        answer(s, "a", "n1", 9, "v1", 1);
        answer(s, "a", "n1", 12, "v2", 6);
        answer(s, "b", "n2", 10, "v2", 7);
        answer(s, "a", "n1", 21, "v1", 40);
        answer(s, "b", "n2", 15, "v2", 41); // a lagging node may still be on v2
        Verdict v = checker.check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers()).containsEntry("versioned_answers", 5L).containsEntry("activations_acknowledged", 2L);
    }

    @Test
    void shouldFlagAnswerThatMixesVersions() {
        Scenario s = activations();
        answer(s, "a", "n1", 12, "v1", 6); // v2 is active at index 12
        Verdict v = checker.check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.kind()).isEqualTo("answer-mixes-versions");
            assertThat(viol.ops()).extracting(Op::f).containsExactly(Fn.ACTIVATE_VERSION, Fn.ACTIVATE_VERSION,
                    Fn.CHECK, Fn.CHECK);
        });
    }

    @Test
    void shouldFlagNodeGoingBackInTheLog() {
        Scenario s = activations();
        answer(s, "a", "n1", 21, "v1", 40);
        answer(s, "a", "n1", 12, "v2", 50);
        Verdict v = checker.check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.kind()).isEqualTo("version-out-of-log-order");
            assertThat(viol.ops()).extracting(Op::version).containsExactly(null, "v1", null, "v2");
        });
    }

    @Test
    void shouldNotJudgeVersionsOfIndeterminateActivations() {
        History h = answer(activations().call("op2", Fn.ACTIVATE_VERSION, null).value("v3").at(36, 38).info(),
                "a", "n1", 25, "v3", 40).build();
        Verdict v = checker.check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers()).containsEntry("unverifiable_answers", 1L);
    }
}
