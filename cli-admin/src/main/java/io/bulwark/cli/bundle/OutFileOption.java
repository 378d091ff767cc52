package io.bulwark.cli.bundle;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code -o/--out FILE} of the verbs that write a bundle ({@code build}, {@code sign}); they print only a summary,
 * so they have no {@code --output} format.
 */
final class OutFileOption {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true,
        description = "Where to write the result (replaced atomically: readers never see half a file).")
    Path file;
}
