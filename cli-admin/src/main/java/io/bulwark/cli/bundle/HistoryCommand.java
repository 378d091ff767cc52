package io.bulwark.cli.bundle;

import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.ClientCommand;
import io.bulwark.cli.options.ReadOptionsMixin;
import io.bulwark.cli.output.Printer;
import io.bulwark.cli.output.Table;
import io.bulwark.client.BulwarkClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bundle history [--limit N]}: the versions and the activation events, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Lists the bundle versions (newest first) with state, name, author, content hash and parent, then",
        "the activation events (push, shadow, unshadow, promote, rollback) with actor, time and log index: the",
        "audit trail of what was active when."},
    footer = {"%nIn this command: 0 = listed (also when empty).",
        "%nExamples:",
        "  bulwark bundle history",
        "  bulwark bundle history --limit 5 --consistency linearizable -o json"})
public final class HistoryCommand extends ClientCommand {
    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
        description = "At most N versions and N events (1-1000). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Mixin
    ReadOptionsMixin read;

    private ListBundleVersionsRequest request;

    /** Injected by the CLI factory. */
    public HistoryCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected void prepare() {
        if (limit < 1 || limit > 1000) {
            throw new CommandLine.ParameterException(commandLine(), "--limit must be 1-1000");
        }
        request = ListBundleVersionsRequest.newBuilder().setLimit(limit)
            .setRead(read.freshness(commandLine()).toProto(0)).build();
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final ListBundleVersionsResponse r = client.listBundleVersions(request);
        out.printRaw(Printer.json(r), text(r));
        return ExitCodes.OK;
    }

    static String text(final ListBundleVersionsResponse r) {
        final StringBuilder sb = new StringBuilder();
        if (r.getVersionsCount() == 0) {
            sb.append("no bundle versions").append(System.lineSeparator());
        } else {
            final Table versions = new Table("VERSION", "STATE", "BUNDLE", "AUTHOR", "CONTENT_HASH", "PARENT",
                "PUSHED_BY", "PUSHED_AT");
            for (final BundleVersion v : r.getVersionsList()) {
                versions.row(v.getVersion(), VersionText.state(v.getState()), VersionText.dash(v.getName()),
                    VersionText.dash(v.getAuthor()), v.getContentHash(), VersionText.dash(v.getParentHash()),
                    VersionText.dash(v.getPushedBy()), Printer.time(v.getPushedAtMs()));
            }
            sb.append(versions.render());
        }
        if (r.getHistoryCount() > 0) {
            final Table events = new Table("INDEX", "AT", "ACTION", "VERSION", "ACTOR");
            for (final ActivationEvent e : r.getHistoryList()) {
                events.row(e.getIndex(), Printer.time(e.getAtMs()), VersionText.action(e.getAction()), e.getVersion(),
                    VersionText.dash(e.getActor()));
            }
            sb.append(System.lineSeparator()).append(events.render());
        }
        return sb.toString();
    }
}
