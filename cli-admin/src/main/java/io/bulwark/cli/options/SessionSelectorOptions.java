package io.bulwark.cli.options;

import io.bulwark.api.v1.SessionSelector;
import io.bulwark.cli.CliContext;
import io.bulwark.client.Selectors;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Names a session: by id (from stdin, a file, or literally) or by ref. Exactly one is required. */
public final class SessionSelectorOptions {
    @Option(names = "--session-id", paramLabel = "<id>|-",
        description = "The session id (a secret). '-' reads it from stdin; prefer that or --session-id-file.")
    String id;

    @Option(names = "--session-id-file", paramLabel = "<path>", description = "File holding the session id.")
    Path file;

    @Option(names = "--session-ref", paramLabel = "<sha256-hex>",
        description = "The session ref (lowercase hex SHA-256 of the id), as shown by 'session list'.")
    String ref;

    /** Whether any of the options was given. */
    public boolean given() {
        return id != null || file != null || ref != null;
    }

    /** The selector; a usage error unless exactly one form was given. */
    public SessionSelector resolve(final CliContext ctx, final CommandLine commandLine) {
        if (ref != null && (id != null || file != null)) {
            throw new CommandLine.ParameterException(commandLine,
                "give the session by one of --session-id, --session-id-file or --session-ref");
        }
        if (ref != null) {
            return Selectors.sessionRef(ref.strip());
        }
        final String secret = SecretInput.read(id, file, "--session-id", ctx, commandLine);
        if (secret == null) {
            throw new CommandLine.ParameterException(commandLine,
                "missing session: give --session-id, --session-id-file or --session-ref");
        }
        return Selectors.sessionId(secret);
    }
}
