package io.bulwark.policy.lang;

/** A syntax error: the parser stops at the first one in a file. */
public final class PolicySyntaxException extends Exception {
    private final transient Diagnostic diagnostic;

    public PolicySyntaxException(SourcePos pos, String message) {
        super(pos + ": " + message);
        this.diagnostic = new Diagnostic(pos, message);
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
