package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Answers;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.testing.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalStateCheckersTest {
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    private static Scenario writes() {
        return new Scenario()
                .fault("partition", 0, 100)
                .call("a", Fn.REVOKE, "tok").node("n1").at(10, 20).token(7).ok(null)
                .call("b", Fn.CREATE_SESSION, "s1").node("n2").at(11, 21).token(8).ok(null)
                .call("c", Fn.REVOKE, "tok-lost").node("n3").at(12, 22).info();
    }

    private static Scenario finalRead(Scenario s, String node, String key, String state, long atMs) {
        return s.call("final-" + node, Fn.FINAL_READ, key).node(node).at(atMs, atMs + 1).ok(state);
    }

    @Test
    void shouldPassWhenEveryNodeHoldsEveryAcknowledgedWrite() {
        Scenario s = writes();
        long t = 200;
        for (String n : NODES) {
            finalRead(s, n, "tok", Answers.REVOKED, t++);
            finalRead(s, n, "s1", n.equals("n3") ? Answers.REVOKED : Answers.ACTIVE, t++);
            finalRead(s, n, "tok-lost", Answers.NOT_REVOKED, t++);
        }
        Verdict v = new NoLostWritesChecker(NODES).check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers()).containsEntry("acknowledged_keys", 2L).containsEntry("final_reads_verified", 6L);
    }

    @Test
    void shouldFlagLostAcknowledgedRevoke() {
        Scenario s = writes();
        long t = 200;
        for (String n : NODES) {
            finalRead(s, n, "tok", n.equals("n2") ? Answers.NOT_REVOKED : Answers.REVOKED, t++);
            finalRead(s, n, "s1", Answers.ACTIVE, t++);
        }
        Verdict v = new NoLostWritesChecker(NODES).check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.kind()).isEqualTo("lost-acknowledged-write");
            assertThat(viol.key()).isEqualTo("tok");
            assertThat(viol.ops()).extracting(Op::f).containsExactly(Fn.REVOKE, Fn.REVOKE, Fn.FINAL_READ, Fn.FINAL_READ);
            assertThat(viol.ops().get(3).node()).isEqualTo("n2");
        });
    }

    @Test
    void shouldSayUnknownWhenANodeNeverReported() {
        Scenario s = writes();
        finalRead(s, "n1", "tok", Answers.REVOKED, 200);
        finalRead(s, "n1", "s1", Answers.ACTIVE, 201);
        Verdict v = new NoLostWritesChecker(NODES).check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(v.note()).contains("[n2, n3]");
    }

    private static Scenario digests(String d1, long i1, String d2, long i2, String d3, long i3) {
        return new Scenario()
                .call("v1", Fn.STATE_DIGEST, null).node("n1").at(200, 201).token(i1).ok(d1)
                .call("v2", Fn.STATE_DIGEST, null).node("n2").at(200, 202).token(i2).ok(d2)
                .call("v3", Fn.STATE_DIGEST, null).node("n3").at(200, 203).token(i3).ok(d3);
    }

    @Test
    void shouldPassConvergedNodes() {
        Verdict v = new ConvergenceChecker(NODES).check(digests("ab12", 90, "ab12", 90, "ab12", 90).build());
        assertThat(v.status()).isEqualTo(Verdict.Status.VALID);
        assertThat(v.numbers()).containsEntry("nodes_reporting", 3L);
    }

    @Test
    void shouldFlagTwoNodesWithDifferentDigests() {
        Verdict v = new ConvergenceChecker(NODES).check(digests("ab12", 90, "ab12", 90, "ff00", 90).build());
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.kind()).isEqualTo("digest-diverged");
            assertThat(viol.message()).contains("n3@90=ff00");
            assertThat(viol.ops()).extracting(Op::value).contains("ff00");
        });
    }

    @Test
    void shouldFlagDigestsThatDifferAtOneIndexInAnEarlierRoundEvenWhenTheLastRoundAgrees() {
        Scenario s = digests("ab12", 90, "ff00", 90, "aa00", 89)
                .call("v1", Fn.STATE_DIGEST, null).node("n1").at(300, 301).token(91).ok("cd34")
                .call("v2", Fn.STATE_DIGEST, null).node("n2").at(300, 302).token(91).ok("cd34")
                .call("v3", Fn.STATE_DIGEST, null).node("n3").at(300, 303).token(91).ok("cd34");
        Verdict v = new ConvergenceChecker(NODES).check(s.build());
        assertThat(v.status()).isEqualTo(Verdict.Status.INVALID);
        assertThat(v.violations()).singleElement().satisfies(viol -> {
            assertThat(viol.kind()).isEqualTo("digest-diverged");
            assertThat(viol.message()).contains("index 90").contains("n1@90=ab12").contains("n2@90=ff00");
            assertThat(viol.ops()).extracting(Op::node).contains("n1", "n2").doesNotContain("n3");
        });
        assertThat(v.numbers()).containsEntry("indexes_compared_across_nodes", 2L);
    }

    @Test
    void shouldFlagNodeThatDidNotCatchUpAndMissingReports() {
        Verdict v = new ConvergenceChecker(NODES).check(digests("ab12", 90, "ab12", 90, "aa00", 85).build());
        assertThat(v.violations()).singleElement().extracting(Violation::kind).isEqualTo("applied-index-diverged");
        Verdict missing = new ConvergenceChecker(List.of("n1", "n2", "n3", "n4"))
                .check(digests("ab12", 90, "ab12", 90, "ab12", 90).build());
        assertThat(missing.status()).isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(missing.note()).contains("n4");
    }
}
