package io.bulwark.cli.bundle;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.options.OutputOptions;
import io.bulwark.cli.output.Format;
import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.policy.diff.BundleChange;
import io.bulwark.policy.diff.BundleDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bundle diff OLD NEW [--requests FILE] [--fail-on-flip]}: what changed between two bundles, and optionally
 * which decisions on sample requests flip.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Shows what changed from OLD to NEW: bundle metadata, issuers, roles, routes, rules (and their",
        "order), lists, limits and tests, as + added, - removed, ~ changed (with the fields that differ).",
        "OLD and NEW may each be a source directory, a compiled bundle (bundle build) or a signed bundle (bundle",
        "sign; its bytes are checked against its content hash, its signature is not: use bundle verify).",
        "With --requests FILE every request is decided under both bundles and each decision that flips is listed",
        "(allow -> deny, deny -> challenge, ...), with the deciding rules; same-decision-other-rule cases too.",
        "FILE is JSON lines, one request per line ('#' comments and blank lines skipped):",
        "  {\"method\":\"GET\",\"path\":\"/orders/1\",\"principal\":{\"sub\":\"u1\",\"roles\":[\"reader\"]}}",
        "with optional \"issuer\" (bundle issuer name), \"headers\", \"ip\", \"tenant\", \"resource\" and",
        "\"at\" (ISO time; default 2026-01-01T00:00:00Z, as in bundle tests)."},
    footer = {"%nIn this command: 0 = diff shown, 4 = a decision flipped and --fail-on-flip was given,",
        "or a directory does not compile.",
        "%nExamples:", "  bulwark bundle diff prod.bundle.json examples/orders-bundle",
        "  bulwark bundle diff old.bundle examples/orders-bundle --requests sample.jsonl --fail-on-flip",
        "  bulwark bundle diff old/ new/ --requests sample.jsonl -o json | jq '.flips'"})
public final class DiffCommand extends OfflineCommand {
    @Parameters(index = "0", paramLabel = "OLD",
        description = "The current bundle: directory, compiled or signed file.")
    Path oldPath;

    @Parameters(index = "1", paramLabel = "NEW",
        description = "The candidate bundle: directory, compiled or signed file.")
    Path newPath;

    @Option(names = "--requests", paramLabel = "FILE",
        description = "JSON-lines requests to decide under both bundles (at most 100000).")
    Path requests;

    @Option(names = "--fail-on-flip", description = "Exit 4 when any decision flips (needs --requests).")
    boolean failOnFlip;

    @Mixin
    OutputOptions output;

    /** Injected by the CLI factory. */
    public DiffCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run() {
        if (failOnFlip && requests == null) {
            throw new BundleInputException(ExitCodes.USAGE, "--fail-on-flip needs --requests FILE");
        }
        // Read the request file first: a typo in it should not cost two compilations.
        final List<RequestFile.Entry> sample = requests == null ? List.of() : RequestFile.read(requests);
        final LoadedBundle before = BundleLoader.load(oldPath, ctx.err());
        final LoadedBundle after = BundleLoader.load(newPath, ctx.err());
        final List<BundleChange> changes = BundleDiff.diff(before.bundle(), after.bundle());
        final List<DecisionFlips.Outcome> outcomes = requests == null ? List.of()
            : DecisionFlips.compare(oldPath, before, newPath, after, sample);
        final List<DecisionFlips.Outcome> flips = new ArrayList<>();
        final List<DecisionFlips.Outcome> ruleChanges = new ArrayList<>();
        for (final DecisionFlips.Outcome o : outcomes) {
            if (o.flipped()) {
                flips.add(o);
            } else if (o.ruleChanged()) {
                ruleChanges.add(o);
            }
        }
        if (output.format() == Format.JSON) {
            ctx.out().println(json(before, after, changes, outcomes.size(), flips, ruleChanges));
        } else {
            text(before, after, changes, outcomes.size(), flips, ruleChanges);
        }
        return failOnFlip && !flips.isEmpty() ? ExitCodes.REJECTED : ExitCodes.OK;
    }

    private void text(final LoadedBundle before, final LoadedBundle after, final List<BundleChange> changes,
                      final int evaluated, final List<DecisionFlips.Outcome> flips,
                      final List<DecisionFlips.Outcome> ruleChanges) {
        changes.forEach(c -> ctx.out().println(c));
        final String count = changes.isEmpty() ? "no changes"
            : changes.size() + (changes.size() == 1 ? " change" : " changes");
        ctx.out().println(count + " (" + before.contentHash() + " -> " + after.contentHash() + ")");
        if (requests == null) {
            return;
        }
        flips.forEach(o -> ctx.out().println("FLIP " + o.describe()));
        ruleChanges.forEach(o -> ctx.out().println("RULE " + o.describe()));
        ctx.out().println(evaluated + " requests decided, " + flips.size() + " flipped, " + ruleChanges.size()
            + " decided by another rule");
    }

    private static String json(final LoadedBundle before, final LoadedBundle after, final List<BundleChange> changes,
                               final int evaluated, final List<DecisionFlips.Outcome> flips,
                               final List<DecisionFlips.Outcome> ruleChanges) {
        final List<String> c = new ArrayList<>(changes.size());
        for (final BundleChange ch : changes) {
            c.add(new JsonObjectWriter().str("category", ch.category().name().toLowerCase(Locale.ROOT))
                .str("kind", ch.kind().name().toLowerCase(Locale.ROOT)).str("name", ch.name())
                .str("fields", ch.detail()).build());
        }
        final List<String> f = new ArrayList<>(flips.size());
        flips.forEach(o -> f.add(o.json()));
        final List<String> r = new ArrayList<>(ruleChanges.size());
        ruleChanges.forEach(o -> r.add(o.json()));
        return new JsonObjectWriter().str("before", before.contentHash()).str("after", after.contentHash())
            .array("changes", c).num("requests", evaluated).array("flips", f).array("ruleChanges", r).build();
    }
}
