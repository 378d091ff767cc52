package io.bulwark.cli.bundle;

import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.GroupCommand;
import picocli.CommandLine.Command;

/**
 * {@code bulwark bundle}: policy bundles as code — offline (format, validate, test, build, sign, verify, diff) and on
 * the cluster (push, shadow, promote, rollback, history, status).
 */
@Command(name = "bundle", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Policy bundles as code, offline (no cluster, no network): format, validate, test, build, sign,",
        "verify and diff; and on the cluster: push, shadow, promote, rollback, history and status.",
        "The language is described in docs/policy-language.md."},
    subcommands = {FmtCommand.class, ValidateCommand.class, TestCommand.class, BuildCommand.class, SignCommand.class,
        VerifyCommand.class, DiffCommand.class, PushCommand.class, ShadowCommand.class, PromoteCommand.class,
        RollbackCommand.class, HistoryCommand.class, StatusCommand.class},
    footer = {"%nExamples:", "  bulwark bundle validate examples/orders-bundle",
        "  bulwark bundle test examples/orders-bundle",
        "  bulwark bundle build examples/orders-bundle -o orders.bundle",
        "  bulwark bundle sign orders.bundle --key signer.jwk.json --author ci@example.test -o orders.bundle.json",
        "  bulwark bundle verify orders.bundle.json --trusted signer.public.jwk.json",
        "  bulwark bundle push orders.bundle.json && bulwark bundle shadow 2 && bulwark bundle status",
        "  bulwark bundle promote 2 --expect-active sha256:3f5a...e1; bulwark bundle rollback; bulwark bundle history"})
public final class BundleCommand extends GroupCommand {
}
