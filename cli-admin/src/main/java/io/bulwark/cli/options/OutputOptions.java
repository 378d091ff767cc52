package io.bulwark.cli.options;

import io.bulwark.cli.output.Format;
import picocli.CommandLine.Option;

/** {@code --output text|json}. */
public final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
        description = "Output format: text (for people) or json (protobuf JSON, one object per result, one per line)."
            + " Default: ${DEFAULT-VALUE}.")
    Format format;

    /** The chosen format. */
    public Format format() {
        return format;
    }
}
