package io.bulwark.cli.options;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times and durations as operators type them.
 *
 * <ul>
 *   <li>durations: {@code 500ms}, {@code 45s}, {@code 15m}, {@code 2h}, {@code 30d}, combined ({@code 1h30m}), or
 *       ISO-8601 ({@code PT15M});</li>
 *   <li>instants: ISO-8601 ({@code 2026-11-29T10:00:00Z}), epoch milliseconds ({@code 1795000000000}), or a
 *       duration relative to now: {@code 15m} / {@code +15m} is in the future, {@code -15m} in the past.</li>
 * </ul>
 */
public final class TimeSpec {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private TimeSpec() {
    }

    /**
     * Parses a non-negative duration.
     *
     * @throws IllegalArgumentException with the accepted forms when malformed
     */
    public static Duration duration(final String text) {
        final String s = text.strip();
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                final Duration d = Duration.parse(s);
                if (d.isNegative()) {
                    throw new IllegalArgumentException("'" + text + "' is negative");
                }
                return d;
            } catch (final DateTimeParseException e) {
                throw malformedDuration(text);
            }
        }
        final Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            final long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms": total = total.plusMillis(n); break;
                case "s": total = total.plusSeconds(n); break;
                case "m": total = total.plusMinutes(n); break;
                case "h": total = total.plusHours(n); break;
                default: total = total.plusDays(n); break;
            }
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw malformedDuration(text);
        }
        return total;
    }

    /**
     * Parses an instant, resolving relative forms against {@code now}.
     *
     * @throws IllegalArgumentException with the accepted forms when malformed
     */
    public static Instant instant(final String text, final Instant now) {
        final String s = text.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            if (s.length() > 15) {
                throw new IllegalArgumentException("'" + text + "' is too large for epoch milliseconds");
            }
            return Instant.ofEpochMilli(Long.parseLong(s));
        }
        if (s.startsWith("+") || s.startsWith("-")) {
            final Duration d = duration(s.substring(1));
            return s.charAt(0) == '-' ? now.minus(d) : now.plus(d);
        }
        if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.indexOf('T') < 0 && s.indexOf('-') < 0) {
            return now.plus(duration(s));
        }
        try {
            return Instant.parse(s);
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use ISO-8601 (2026-11-29T10:00:00Z), "
                + "epoch milliseconds, or a duration from now (15m, -2h, +30d)");
        }
    }

    private static IllegalArgumentException malformedDuration(final String text) {
        return new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 500ms, 45s, 15m, 2h, 30d, "
            + "1h30m or PT15M");
    }
}
