package io.bulwark.cli;

import io.bulwark.cli.options.TimeSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeSpecTest {
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void shouldParseDurationsInOperatorUnits() {
        assertThat(TimeSpec.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(TimeSpec.duration("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TimeSpec.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(TimeSpec.duration("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(TimeSpec.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(TimeSpec.duration("PT15M")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldRejectMalformedDurations() {
        for (final String bad : new String[] {"", "15", "m", "15x", "1h 30m", "-5m", "PT-5M", "h1"}) {
            assertThatThrownBy(() -> TimeSpec.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldParseAbsoluteAndRelativeInstants() {
        assertThat(TimeSpec.instant("2026-12-01T00:00:00Z", NOW)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(TimeSpec.instant("1795000000000", NOW)).isEqualTo(Instant.ofEpochMilli(1_795_000_000_000L));
        assertThat(TimeSpec.instant("15m", NOW)).isEqualTo(NOW.plusSeconds(900));
        assertThat(TimeSpec.instant("+2h", NOW)).isEqualTo(NOW.plusSeconds(7200));
        assertThat(TimeSpec.instant("-30d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(30)));
    }

    @Test
    void shouldRejectMalformedInstants() {
        assertThatThrownBy(() -> TimeSpec.instant("yesterday", NOW)).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> TimeSpec.instant("2026-13-01T00:00:00Z", NOW)).hasMessageContaining("not a time");
        assertThatThrownBy(() -> TimeSpec.instant("-", NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
