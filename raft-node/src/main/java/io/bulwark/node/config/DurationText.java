package io.bulwark.node.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Parses durations as operators write them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 24h},
 * {@code 30d}, or ISO-8601 ({@code PT5S}, {@code P30D}).
 */
public final class DurationText {

    private DurationText() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} quoting it when it is not a duration. */
    public static Duration parse(String text) {
        final String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration: '" + s + "'");
            }
        }
        int unitStart = 0;
        while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("duration must start with digits (e.g. 500ms, 2s, 5m, 24h, 30d), was '" + s + "'");
        }
        final long amount;
        try {
            amount = Long.parseLong(s.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration amount out of range: '" + s + "'");
        }
        final String unit = s.substring(unitStart).trim();
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' in '" + s
                    + "' (use ms, s, m, h, d or ISO-8601)");
        };
    }

    /** The shortest of the accepted spellings, for logs and generated configs. */
    public static String format(Duration d) {
        final long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0 && ms != 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0 && ms != 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0 && ms != 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }
}
