package io.bulwark.cli.options;

import io.bulwark.client.Freshness;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code --consistency local|at-least|linearizable} and {@code --min-index}. */
public final class ReadOptionsMixin {
    /** The accepted consistency names, for help and completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("local", "at-least", "linearizable").iterator();
        }
    }

    @Option(names = "--consistency", paramLabel = "<level>", completionCandidates = Names.class,
        description = "How fresh the answer must be: local (the node's state), at-least (needs --min-index), "
            + "linearizable. Default: local, or at-least when --min-index is given.")
    String consistency;

    @Option(names = "--min-index", paramLabel = "<index>",
        description = "Consistency token (a write's applied_index) the answer must reflect.")
    Long minIndex;

    /** The freshness asked for. */
    public Freshness freshness(final CommandLine commandLine) {
        if (minIndex != null && minIndex <= 0) {
            throw new CommandLine.ParameterException(commandLine, "--min-index must be > 0");
        }
        final String level = consistency == null ? (minIndex == null ? "local" : "at-least") : consistency.strip();
        switch (level.toLowerCase(java.util.Locale.ROOT)) {
            case "local":
                rejectMinIndex(commandLine, level);
                return Freshness.local();
            case "linearizable":
                rejectMinIndex(commandLine, level);
                return Freshness.linearizable();
            case "at-least":
            case "at_least":
                if (minIndex == null) {
                    throw new CommandLine.ParameterException(commandLine, "--consistency at-least needs --min-index");
                }
                return Freshness.atLeast(minIndex);
            default:
                throw new CommandLine.ParameterException(commandLine, "--consistency must be local, at-least or "
                    + "linearizable, was '" + consistency + "'");
        }
    }

    private void rejectMinIndex(final CommandLine commandLine, final String level) {
        if (minIndex != null) {
            throw new CommandLine.ParameterException(commandLine, "--min-index applies to at-least, not " + level);
        }
    }
}
