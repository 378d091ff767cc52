package io.bulwark.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch outside its arguments; injected so the CLI runs in-process under test.
 *
 * @param clock the wall clock that relative times ({@code 15m}, {@code -2h}) are resolved against
 * @param stdin where {@code --session-id -} reads from
 * @param out   data (results)
 * @param err   diagnostics (warnings, errors)
 * @param env   the environment ({@code BULWARK_ENDPOINTS}, {@code BULWARK_ACTOR})
 */
public record CliContext(Clock clock, InputStream stdin, PrintWriter out, PrintWriter err, Map<String, String> env) {
    /** The real process context. */
    public static CliContext system() {
        return new CliContext(Clock.systemUTC(), System.in, new PrintWriter(System.out, true),
            new PrintWriter(System.err, true), System.getenv());
    }
}
