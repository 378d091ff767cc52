package io.bulwark.cli.bundle;

import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.SetShadowRequest;
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

/** {@code bundle shadow VERSION | --off}: evaluate a staged version beside the active one on live checks. */
@Command(name = "shadow", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Starts shadowing a staged version: every node evaluates it beside the active version on live",
        "checks and counts each decision that would change (see bundle status). Answers still come from the",
        "active version. --off stops shadowing. Prints the active and shadowed versions and the consistency token."},
    footer = {"%nIn this command: 3 = no such version; 4 = the version cannot be shadowed (e.g. it is active).",
        "%nExamples:",
        "  bulwark bundle shadow 7",
        "  bulwark bundle shadow --off -o json"})
public final class ShadowCommand extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The staged version to shadow.")
    Long version;

    @Option(names = "--off", description = "Stop shadowing.")
    boolean off;

    @Mixin
    WriteOptionsMixin write;

    private SetShadowRequest request;

    /** Injected by the CLI factory. */
    public ShadowCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void prepare() {
        if (off == (version != null)) {
            throw new CommandLine.ParameterException(commandLine(), "give a VERSION to shadow, or --off");
        }
        if (version != null && version <= 0) {
            throw new CommandLine.ParameterException(commandLine(), "VERSION must be > 0");
        }
        request = SetShadowRequest.newBuilder().setVersion(off ? 0 : version).setWrite(write.toProto(commandLine()))
            .build();
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final WriteReceipt<BundleActivationResponse> r = client.setShadow(request);
        out.print(r.response(), t -> VersionText.activation(t, r));
        return ExitCodes.OK;
    }
}
