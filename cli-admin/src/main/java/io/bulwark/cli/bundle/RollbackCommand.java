package io.bulwark.cli.bundle;

import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.RollbackBundleRequest;
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

/** {@code bundle rollback [--to VERSION]}: reactivate an earlier version. */
@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Reactivates the version that was active before the current one, or the one named by --to.",
        "Prints the active and shadowed versions and the consistency token (applied_index)."},
    footer = {"%nIn this command: 3 = no such version; 4 = nothing to roll back to.",
        "%nExamples:",
        "  bulwark bundle rollback",
        "  bulwark bundle rollback --to 5 -o json"})
public final class RollbackCommand extends ClientCommand {
    @Option(names = "--to", paramLabel = "VERSION",
        description = "The version to reactivate. Default: the one active before the current one.")
    Long to;

    @Mixin
    WriteOptionsMixin write;

    private RollbackBundleRequest request;

    /** Injected by the CLI factory. */
    public RollbackCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void prepare() {
        if (to != null && to <= 0) {
            throw new CommandLine.ParameterException(commandLine(), "--to must be > 0");
        }
        request = RollbackBundleRequest.newBuilder().setToVersion(to == null ? 0 : to)
            .setWrite(write.toProto(commandLine())).build();
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final WriteReceipt<BundleActivationResponse> r = client.rollbackBundle(request);
        out.print(r.response(), t -> VersionText.activation(t, r));
        return ExitCodes.OK;
    }
}
