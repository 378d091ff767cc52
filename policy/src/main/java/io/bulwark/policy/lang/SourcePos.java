package io.bulwark.policy.lang;

/**
 * A position in a bundle source file: 1-based line and column. Prints as {@code file:line:col},
 * the form every diagnostic uses so editors can jump to it.
 */
public record SourcePos(String file, int line, int col) implements Comparable<SourcePos> {

    @Override
    public int compareTo(SourcePos o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(col, o.col);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
