package io.bulwark.cli.options;

import picocli.CommandLine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** picocli converters for {@link Duration} and {@link Instant}, turning parse errors into usage errors. */
public final class Converters {
    private Converters() {
    }

    /** Durations per {@link TimeSpec#duration(String)}. */
    public static CommandLine.ITypeConverter<Duration> duration() {
        return text -> {
            try {
                return TimeSpec.duration(text);
            } catch (final IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /** Instants per {@link TimeSpec#instant(String, Instant)}, relative to {@code clock}'s now. */
    public static CommandLine.ITypeConverter<Instant> instant(final Clock clock) {
        return text -> {
            try {
                return TimeSpec.instant(text, clock.instant());
            } catch (final IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }
}
