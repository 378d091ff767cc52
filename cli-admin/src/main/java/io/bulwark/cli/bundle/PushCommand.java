package io.bulwark.cli.bundle;

import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.ClientCommand;
import io.bulwark.cli.options.WriteOptionsMixin;
import io.bulwark.cli.output.Printer;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.WriteReceipt;
import com.google.protobuf.ByteString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * {@code bundle push SIGNED_FILE}: stages a signed bundle on the cluster as a new version. The file is checked
 * locally first (a signed envelope whose bytes match its hash), then sent byte for byte; the node verifies the
 * signature against its trusted keys.
 */
@Command(name = "push", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Stages a signed bundle (bundle sign) on the cluster as a new, immutable version. The node verifies",
        "the signature against its trusted keys (policy.trusted.keys) and refuses unsigned, altered or untrusted",
        "bundles. Pushing bytes whose content hash is already stored returns that version (safe to re-run).",
        "Prints the version, content hash, state and the consistency token (applied_index). The bundle is verified",
        "and compiled on its way in and again when applied: allow a push time (--timeout 60s)."},
    footer = {"%nIn this command: 2 = not a signed bundle file; 3 = no such file; 4 = refused by the node",
        "(invalid argument); 6 = permission denied (untrusted key) or a node without the policy service.",
        "%nExamples:",
        "  bulwark bundle push orders.bundle.json --timeout 60s",
        "  bulwark bundle push orders.bundle.json --request-id release-2026-11-29 -o json"})
public final class PushCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "SIGNED_FILE", description = "The signed bundle (bundle sign).")
    Path file;

    @Mixin
    WriteOptionsMixin write;

    private PushBundleRequest request;

    /** Injected by the CLI factory. */
    public PushCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void prepare() {
        if (!file.toFile().exists()) {
            throw new BundleInputException(ExitCodes.NOT_FOUND, file + ": no such file");
        }
        final byte[] bytes = BundleLoader.readFile(file);
        // Catch the wrong file here, not as a node's refusal: an unsigned bundle or one with altered bytes.
        final LoadedBundle b = BundleLoader.load(file, new PrintWriter(new StringWriter()));
        if (b.kind() != LoadedBundle.Kind.SIGNED) {
            throw new BundleInputException(ExitCodes.USAGE, file + ": not a signed bundle; sign it first with "
                + "'bulwark bundle sign'");
        }
        request = PushBundleRequest.newBuilder().setSignedBundle(ByteString.copyFrom(bytes))
            .setWrite(write.toProto(commandLine())).build();
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final WriteReceipt<PushBundleResponse> r = client.pushBundle(request);
        out.print(r.response(), t -> {
            VersionText.details(t, r.response().getVersion());
            VersionText.receipt(t, r);
        });
        return ExitCodes.OK;
    }
}
