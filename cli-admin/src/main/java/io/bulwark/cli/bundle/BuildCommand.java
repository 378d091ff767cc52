package io.bulwark.cli.bundle;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.policy.compile.CompileResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;

/**
 * {@code bundle build DIR -o FILE}: writes the canonical compiled bundle and prints its content hash. The same
 * sources give the same bytes on every host, so the hash identifies the policy.
 */
@Command(name = "build", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Compiles the bundle and writes the canonical compiled bundle (protobuf bytes) to FILE.",
        "Prints the content hash (sha256:<hex> of those bytes) on stdout; the same sources always give the same",
        "bytes. Tests are compiled into the bundle but not run: use 'bundle test' for that."},
    footer = {"%nIn this command: 4 = the bundle does not compile (errors on stderr).",
        "%nExamples:", "  bulwark bundle build examples/orders-bundle -o orders.bundle",
        "  hash=$(bulwark bundle build examples/orders-bundle -o orders.bundle)"})
public final class BuildCommand extends OfflineCommand {
    @Mixin
    BundleDirArgument source;

    @Mixin
    OutFileOption out;

    /** Injected by the CLI factory. */
    public BuildCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        final CompileResult r = BundleLoader.compile(source.dir);
        if (!r.ok()) {
            return BundleLoader.compileFailure(source.dir, r, ctx.err(), "nothing was written");
        }
        BundleLoader.writeAtomically(out.file, r.canonicalBytes());
        ctx.out().println(r.contentHash());
        ctx.err().println("wrote " + out.file + " (bundle " + r.bundle().getMeta().getName() + ", "
            + r.canonicalBytes().length + " bytes)");
        return ExitCodes.OK;
    }
}
