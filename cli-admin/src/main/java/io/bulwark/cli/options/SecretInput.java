package io.bulwark.cli.options;

import io.bulwark.cli.CliContext;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret (a session id) given as {@code -} (first line of stdin), from a file (its content, trailing
 * whitespace stripped), or literally. A literal on the command line is visible to other local users (process
 * list, shell history), so it draws a warning on stderr. Nothing here ever prints the secret.
 */
public final class SecretInput {
    private SecretInput() {
    }

    /**
     * Resolves the secret.
     *
     * @param value      the flag's value ({@code -} for stdin), or null
     * @param file       the file flag's value, or null
     * @param flagName   the value flag's name, for messages
     * @param commandLine for usage errors
     * @return the secret, or null when neither flag was given
     */
    public static String read(final String value, final Path file, final String flagName, final CliContext ctx,
                              final CommandLine commandLine) {
        if (value != null && file != null) {
            throw new CommandLine.ParameterException(commandLine, flagName + " and " + flagName
                + "-file are mutually exclusive");
        }
        String secret;
        if (file != null) {
            try {
                secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (final IOException e) {
                throw new CommandLine.ParameterException(commandLine, "cannot read " + flagName + "-file " + file
                    + ": " + e.getClass().getSimpleName());
            }
        } else if ("-".equals(value)) {
            try {
                final String line = new BufferedReader(new InputStreamReader(ctx.stdin(), StandardCharsets.UTF_8))
                    .readLine();
                secret = line == null ? "" : line.strip();
            } catch (final IOException e) {
                throw new CommandLine.ParameterException(commandLine, "cannot read " + flagName + " from stdin");
            }
        } else if (value != null) {
            ctx.err().println("warning: a " + flagName + " on the command line is visible in the process list and "
                + "shell history; prefer " + flagName + " - (stdin) or " + flagName + "-file");
            secret = value;
        } else {
            return null;
        }
        if (secret.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, flagName + " is empty");
        }
        return secret;
    }
}
