package io.bulwark.cli.bundle;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import io.bulwark.policy.fmt.BundleFormatter;
import io.bulwark.policy.lang.PolicySyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bundle fmt DIR [--check]}: rewrites every {@code .policy} file in canonical layout, or (with
 * {@code --check}) only names the files that would change. Formatting never changes the compiled bundle.
 */
@Command(name = "fmt", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Rewrites the bundle's .policy files in canonical layout and lists the files it changed.",
        "With --check nothing is written: the files that would change are listed and the exit code is 4 (for CI)."},
    footer = {"%nIn this command: 4 = a file is not formatted (--check) or does not parse (its error is printed).",
        "%nExamples:", "  bulwark bundle fmt examples/orders-bundle",
        "  bulwark bundle fmt --check examples/orders-bundle || echo 'run: bulwark bundle fmt'"})
public final class FmtCommand extends OfflineCommand {
    @Mixin
    BundleDirArgument source;

    @Option(names = "--check", description = "Write nothing; list the files that would change and exit 4 if any.")
    boolean check;

    /** Injected by the CLI factory. */
    public FmtCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        final BundleInput input = BundleLoader.read(source.dir);
        final List<String> syntaxErrors = new ArrayList<>();
        final List<Path> changed = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        // Format everything before writing anything: a syntax error in one file leaves the whole bundle untouched.
        for (final BundleSource src : input.sources()) {
            try {
                final String formatted = BundleFormatter.format(src.path(), src.text());
                if (!formatted.equals(src.text())) {
                    changed.add(source.dir.resolve(src.path()));
                    contents.add(formatted.getBytes(StandardCharsets.UTF_8));
                }
            } catch (final PolicySyntaxException e) {
                syntaxErrors.add(BundleLoader.describe(source.dir, e.diagnostic()));
            }
        }
        if (!syntaxErrors.isEmpty()) {
            syntaxErrors.forEach(ctx.err()::println);
            ctx.err().println("error: " + syntaxErrors.size() + " file(s) do not parse; nothing was "
                + (check ? "checked" : "formatted"));
            return ExitCodes.REJECTED;
        }
        for (int i = 0; i < changed.size(); i++) {
            if (!check) {
                BundleLoader.writeAtomically(changed.get(i), contents.get(i));
            }
            ctx.out().println(changed.get(i));
        }
        if (check && !changed.isEmpty()) {
            ctx.err().println("error: " + changed.size() + " file(s) not formatted; run 'bulwark bundle fmt "
                + source.dir + "'");
            return ExitCodes.REJECTED;
        }
        return ExitCodes.OK;
    }
}
