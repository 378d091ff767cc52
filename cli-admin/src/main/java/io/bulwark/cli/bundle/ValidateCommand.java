package io.bulwark.cli.bundle;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.OutputOptions;
import io.bulwark.cli.output.Format;
import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.lang.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bundle validate DIR}: parse, resolve and type-check; errors as {@code file:line:col: message}.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Parses, resolves and type-checks the bundle (every CEL condition too) without running its tests.",
        "Errors go to stderr as DIR/file:line:col: message, sorted by file and position; -o json puts one report on",
        "stdout instead: {\"ok\":false,\"errors\":[{\"file\",\"line\",\"col\",\"message\"}]}."},
    footer = {"%nIn this command: 0 = no errors, 4 = errors found.",
        "%nExamples:", "  bulwark bundle validate examples/orders-bundle",
        "  bulwark bundle validate examples/orders-bundle -o json | jq -r '.errors[].message'"})
public final class ValidateCommand extends OfflineCommand {
    @Mixin
    BundleDirArgument source;

    @Mixin
    OutputOptions output;

    /** Injected by the CLI factory. */
    public ValidateCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        final CompileResult r = BundleLoader.compile(source.dir);
        if (output.format() == Format.JSON) {
            ctx.out().println(json(r));
        } else if (r.ok()) {
            ctx.out().println("ok: bundle " + r.bundle().getMeta().getName() + " " + r.contentHash());
        } else {
            BundleLoader.printErrors(source.dir, r, ctx.err());
            ctx.err().println(BundleLoader.errorCount(r));
        }
        return r.ok() ? ExitCodes.OK : ExitCodes.REJECTED;
    }

    private String json(final CompileResult r) {
        final JsonObjectWriter w = new JsonObjectWriter().bool("ok", r.ok());
        if (r.ok()) {
            w.str("bundle", r.bundle().getMeta().getName()).str("contentHash", r.contentHash());
        }
        final List<String> errors = new ArrayList<>();
        for (final Diagnostic d : r.errors()) {
            final String file = d.pos().file() == null || d.pos().file().isEmpty() ? ""
                : source.dir.resolve(d.pos().file()).toString();
            errors.add(new JsonObjectWriter().str("file", file).num("line", d.pos().line()).num("col", d.pos().col())
                .str("message", d.message()).build());
        }
        return w.array("errors", errors).build();
    }
}
