package io.bulwark.cli.bundle;

/**
 * Input a bundle command cannot work with (missing directory, unreadable or wrong-kind file, unusable key): the
 * message is printed as one {@code error:} line and the command exits with {@link #exitCode()}. Messages name files
 * and key ids, never key material. Offline verbs handle it themselves; for the cluster verbs the CLI's execution
 * exception handler does, before any connection is opened.
 */
public final class BundleInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    BundleInputException(final int exitCode, final String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** One of {@link io.bulwark.cli.ExitCodes}. */
    public int exitCode() {
        return exitCode;
    }
}
