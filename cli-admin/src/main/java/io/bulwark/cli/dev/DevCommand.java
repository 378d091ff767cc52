package io.bulwark.cli.dev;

import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.GroupCommand;
import picocli.CommandLine.Command;

/** {@code bulwark dev}: hidden, test-only helpers (not listed in the root help). */
@Command(name = "dev", hidden = true, mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Test-only helpers for development and the local smoke run. Not for production use."},
    subcommands = {MintTokenCommand.class},
    footer = {"%nExamples:",
        "  bulwark dev mint-token --jwks-private examples/keys/TEST-ONLY-issuer.private.jwks.json \\",
        "      --kid example-rs-1 --iss https://id.example.test --aud orders-api --sub u1 --roles reader"})
public final class DevCommand extends GroupCommand {
}
