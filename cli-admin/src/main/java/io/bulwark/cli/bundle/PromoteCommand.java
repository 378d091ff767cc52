package io.bulwark.cli.bundle;

import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.ClientCommand;
import io.bulwark.cli.options.WriteOptionsMixin;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.WriteReceipt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bundle promote [VERSION] [--expect-active HASH]}: activate a version on every node at one log index. */
@Command(name = "promote", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Activates a version on every node, at one log index. Without VERSION: the shadowed version.",
        "--expect-active guards against a concurrent rollout: the node refuses unless that content hash is the",
        "active one. Prints the active and shadowed versions and the consistency token: a check with",
        "--min-index <applied_index> on any node answers with the new version."},
    footer = {"%nIn this command: 3 = no such version; 4 = refused (--expect-active does not match, nothing",
        "shadowed, or the version cannot be activated).",
        "%nExamples:",
        "  bulwark bundle promote                      # the shadowed version",
        "  bulwark bundle promote 7 --expect-active sha256:3f5a...e1"})
public final class PromoteCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION",
        description = "The version to activate. Default: the shadowed one.")
    Long version;

    @Option(names = "--expect-active", paramLabel = "HASH",
        description = "Refuse unless this content hash (sha256:<hex>) is the active one.")
    String expectActive;

    @Mixin
    WriteOptionsMixin write;

    private PromoteBundleRequest request;

    /** Injected by the CLI factory. */
    public PromoteCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void prepare() {
        if (version != null && version <= 0) {
            throw new CommandLine.ParameterException(commandLine(), "VERSION must be > 0 (omit it for the shadowed "
                + "version)");
        }
        if (expectActive != null && !ContentHashFormat.valid(expectActive)) {
            throw new CommandLine.ParameterException(commandLine(), "--expect-active must be a content hash, "
                + "sha256: and 64 lower-case hex digits");
        }
        request = PromoteBundleRequest.newBuilder().setVersion(version == null ? 0 : version)
            .setExpectedActiveHash(expectActive == null ? "" : expectActive).setWrite(write.toProto(commandLine()))
            .build();
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final WriteReceipt<BundleActivationResponse> r = client.promoteBundle(request);
        out.print(r.response(), t -> VersionText.activation(t, r));
        return ExitCodes.OK;
    }
}
