package io.bulwark.policy.lang;

/**
 * One error found in a bundle, with the position it refers to. {@link #toString()} gives the
 * {@code file:line:col: message} form printed by the CLI.
 */
public record Diagnostic(SourcePos pos, String message) implements Comparable<Diagnostic> {

    @Override
    public int compareTo(Diagnostic o) {
        int c = pos.compareTo(o.pos);
        return c != 0 ? c : message.compareTo(o.message);
    }

    @Override
    public String toString() {
        return pos + ": " + message;
    }
}
