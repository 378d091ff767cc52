package io.bulwark.cli.bundle;

import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.GroupCommand;
import picocli.CommandLine.Command;

/** {@code bulwark bundle}: policy bundles as code, offline — format, validate, test, build, sign, verify, diff. */
@Command(name = "bundle", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Policy bundles as code, offline (no cluster, no network): format, validate, test, build, sign,",
        "verify and diff. The language is described in docs/policy-language.md."},
    subcommands = {FmtCommand.class, ValidateCommand.class, TestCommand.class, BuildCommand.class, SignCommand.class,
        VerifyCommand.class, DiffCommand.class},
    footer = {"%nExamples:", "  bulwark bundle validate examples/orders-bundle",
        "  bulwark bundle test examples/orders-bundle",
        "  bulwark bundle build examples/orders-bundle -o orders.bundle",
        "  bulwark bundle sign orders.bundle --key signer.jwk.json --author ci@example.test -o orders.bundle.json",
        "  bulwark bundle verify orders.bundle.json --trusted signer.public.jwk.json"})
public final class BundleCommand extends GroupCommand {
}
