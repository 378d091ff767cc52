package io.bulwark.cli.bundle;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.OutputOptions;
import io.bulwark.cli.output.Format;
import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.testing.BundleTestRunner;
import io.bulwark.policy.testing.TestReport;
import io.bulwark.policy.testing.TestResult;
import io.bulwark.policy.v1.Effect;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bundle test DIR}: compiles the bundle and runs its test cases with the evaluator the node uses; the CI gate.
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Compiles the bundle and runs its test cases with the same evaluator a node uses.",
        "Prints PASS/FAIL per case (expected vs actual decision and deciding rule) and a summary; any failure, or a",
        "bundle that does not compile, exits 4. -o json prints one machine-readable report instead."},
    footer = {"%nIn this command: 0 = every case passed, 4 = a case failed or the bundle does not compile.",
        "%nExamples:", "  bulwark bundle test examples/orders-bundle",
        "  bulwark bundle test examples/orders-bundle -o json | jq '.results[] | select(.passed | not)'"})
public final class TestCommand extends OfflineCommand {
    @Mixin
    BundleDirArgument source;

    @Mixin
    OutputOptions output;

    /** Injected by the CLI factory. */
    public TestCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        final CompileResult r = BundleLoader.compile(source.dir);
        if (!r.ok()) {
            return BundleLoader.compileFailure(source.dir, r, ctx.err(), "no test was run");
        }
        final TestReport report = BundleTestRunner.run(BundleLoader.evaluator(source.dir, r.bundle(), r.contentHash()));
        if (output.format() == Format.JSON) {
            ctx.out().println(json(report));
        } else {
            ctx.out().print(report.describe());
        }
        if (report.results().isEmpty()) {
            ctx.err().println("warning: the bundle has no test cases");
        }
        return report.allPassed() ? ExitCodes.OK : ExitCodes.REJECTED;
    }

    private static String json(final TestReport report) {
        final List<String> results = new ArrayList<>(report.results().size());
        for (final TestResult t : report.results()) {
            results.add(new JsonObjectWriter().str("name", t.name()).bool("passed", t.passed())
                .raw("expected", new JsonObjectWriter().str("effect", effect(t.expectedEffect()))
                    .str("rule", t.expectedRule()).str("step", t.expectedStep()).build())
                .raw("actual", new JsonObjectWriter().str("effect", effect(t.actualEffect()))
                    .str("rule", t.actualRule()).str("step", t.actualStep()).str("reason", t.reason()).build())
                .build());
        }
        return new JsonObjectWriter().str("bundle", report.bundleName()).str("contentHash", report.contentHash())
            .num("passed", report.results().size() - report.failures()).num("failed", report.failures())
            .array("results", results).build();
    }

    /** Lower-case effect name, as the policy language writes it. */
    static String effect(final Effect e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
