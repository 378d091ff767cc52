package io.bulwark.node.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationTextTest {

    @Test
    void shouldParseShortUnitsAndIso() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(DurationText.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(DurationText.parse(" PT1.5S ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationText.parse("P7D")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void shouldRejectGarbageQuotingIt() {
        assertThatThrownBy(() -> DurationText.parse("5w")).hasMessageContaining("'5w'");
        assertThatThrownBy(() -> DurationText.parse("ms")).hasMessageContaining("start with digits");
        assertThatThrownBy(() -> DurationText.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DurationText.parse("PTX")).hasMessageContaining("ISO-8601");
    }

    @Test
    void shouldFormatRoundTrip() {
        for (String s : new String[] {"500ms", "2s", "5m", "23h", "30d"}) {
            assertThat(DurationText.format(DurationText.parse(s))).isEqualTo(s);
        }
    }
}
