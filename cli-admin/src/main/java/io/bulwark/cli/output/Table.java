package io.bulwark.cli.output;

import java.util.ArrayList;
import java.util.List;

/** A text table with a header row and left-aligned, padded columns. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table with these column headers. */
    public Table(final String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    /** Adds a row; values are rendered with {@code String.valueOf}. */
    public Table row(final Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
        }
        final String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = String.valueOf(values[i]);
        }
        rows.add(r);
        return this;
    }

    /** The table as text, one line per row. */
    public String render() {
        final int[] widths = new int[columns];
        for (final String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (final String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) {
                    sb.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
