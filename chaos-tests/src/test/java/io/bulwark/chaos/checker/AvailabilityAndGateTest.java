package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.testing.Scenario;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityAndGateTest {
    @Test
    void shouldMeasureOkRatesAndRecoveryAfterHeal() {
        History h = new Scenario()
                .call("a", Fn.READ, "x").at(0, 1).ok(null)
                .call("a", Fn.READ, "x").at(2, 3).ok(null)
                .fault("partition", 10, 50)
                .call("a", Fn.READ, "x").at(11, 20).fail()
                .call("b", Fn.READ, "x").at(12, 22).info()
                .call("a", Fn.READ, "x").at(30, 31).ok(null)
                .call("a", Fn.READ, "x").at(55, 70).fail()
                .call("a", Fn.READ, "x").at(71, 80).ok(null)
                .call("c", Fn.FINAL_READ, "x").node("n1").at(90, 91).ok(null)
                .build();
        AvailabilityStats a = AvailabilityStats.of(h);
        assertThat(a.callsInFaults()).isEqualTo(3);
        assertThat(a.okInFaults()).isEqualTo(1);
        assertThat(a.callsOutsideFaults()).isEqualTo(4);
        assertThat(a.okRateOutsideFaults()).isEqualTo(0.75);
        assertThat(a.numbers()).containsEntry("ok_rate_in_faults_permille", 333L)
                .containsEntry("recovery_after_last_heal_ms", 30L)
                .containsEntry("last_failure_after_heal_ms", 20L);
    }

    @Test
    void shouldReportNoRecoveryWhenNothingSucceedsAfterHeal() {
        History h = new Scenario()
                .fault("kill", 0, 10)
                .call("a", Fn.READ, "x").at(11, 20).fail()
                .build();
        assertThat(AvailabilityStats.of(h).numbers()).containsEntry("recovery_after_last_heal_ms", -1L);
    }

    @Test
    void shouldFailTheBuildOnViolationsAndUnknownVerdicts() {
        Verdict ok = new Verdict("a", Verdict.Status.VALID, List.of(), Map.of(), "");
        Verdict unknown = new Verdict("b", Verdict.Status.UNKNOWN, List.of(), Map.of(), "budget exceeded");
        Verdict bad = new Verdict("c", Verdict.Status.INVALID,
                List.of(new Violation("lost-acknowledged-write", "k", "lost on n2", List.of())), Map.of(), "");
        BuildGate.requireSafe(List.of(ok), false);
        BuildGate.requireSafe(List.of(ok, unknown), true);
        assertThatThrownBy(() -> BuildGate.requireSafe(List.of(ok, unknown), false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("b: UNKNOWN, budget exceeded");
        assertThatThrownBy(() -> BuildGate.requireSafe(List.of(ok, bad), true))
                .isInstanceOf(AssertionError.class).hasMessageContaining("[lost-acknowledged-write] lost on n2");
        assertThatThrownBy(() -> new Verdict("d", Verdict.Status.INVALID, List.of(), Map.of(), ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
