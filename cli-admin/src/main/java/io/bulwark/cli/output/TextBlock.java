package io.bulwark.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code key: value} lines with aligned values. */
public final class TextBlock {
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a line. */
    public TextBlock kv(final String key, final Object value) {
        rows.add(new String[] {key, String.valueOf(value)});
        return this;
    }

    void writeTo(final PrintWriter out) {
        int width = 0;
        for (final String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (final String[] r : rows) {
            out.append(r[0]).append(':').append(" ".repeat(width - r[0].length() + 1)).append(r[1]).println();
        }
    }
}
