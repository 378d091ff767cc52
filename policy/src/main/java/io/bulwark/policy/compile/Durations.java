package io.bulwark.policy.compile;

/** Parses the language's duration literals: an integer and a unit, {@code ms s m h d}. */
final class Durations {
    private Durations() {
    }

    /** @throws IllegalArgumentException saying what was expected */
    static long parseMs(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a duration such as 30s, 500ms, 5m, 1h or 1d, found '" + text + "'");
        }
        long n;
        try {
            n = Long.parseLong(text.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large");
        }
        long unit = switch (text.substring(i)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> throw new IllegalArgumentException(
                    "expected a duration unit (ms, s, m, h or d) in '" + text + "'");
        };
        return Math.multiplyExact(n, unit);
    }

    /** A positive integer literal without unit. */
    static long parseCount(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found '" + text + "'");
        }
    }
}
