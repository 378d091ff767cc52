package io.bulwark.cli.bundle;

import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The {@code DIR} argument of the verbs that work on sources: the bundle's source directory. */
final class BundleDirArgument {
    @Parameters(index = "0", paramLabel = "DIR", description = "The bundle's source directory (every *.policy file "
        + "under it, recursively).")
    Path dir;
}
