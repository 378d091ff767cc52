package io.bulwark.bench.report;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TargetResultTest {

    @Test
    void shouldPassOnlyWithinTheLimit() {
        assertThat(new TargetResult("t", "d", 512, "MB", 512, "measured", "").pass()).isTrue();
        assertThat(new TargetResult("t", "d", 512.01, "MB", 512, "measured", "").pass()).isFalse();
    }

    @Test
    void shouldFailAndWriteNullWhenNothingWasMeasured() {
        TargetResult missing = new TargetResult("failover_first_write", "d", Double.NaN, "ms", 3000, "measured", "no round");
        Map<String, Object> row = missing.toMap();
        assertThat(missing.pass()).isFalse();
        assertThat(row).containsEntry("measured", null).containsEntry("pass", false).containsEntry("limit", 3000.0)
                .containsEntry("comparison", "<=");
    }

    @Test
    void shouldDescribeTheMachineFromProc() {
        Map<String, Object> m = Machine.describe();
        assertThat(m).containsKeys("cores", "os", "java", "load_average");
        assertThat((Integer) m.get("cores")).isPositive();
    }
}
