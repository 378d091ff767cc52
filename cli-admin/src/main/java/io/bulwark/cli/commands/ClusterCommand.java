package io.bulwark.cli.commands;

import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TransferLeadershipResponse;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.cli.output.Printer;
import io.bulwark.cli.output.Table;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.BulwarkException;
import io.bulwark.client.ClusterView;
import io.bulwark.client.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code bulwark cluster status|snapshot|transfer-leadership}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Cluster operations: status of every member, snapshots, leadership.",
    subcommands = {ClusterCommand.Status.class, ClusterCommand.Snapshot.class, ClusterCommand.TransferLeadership.class},
    footer = {"%nExamples:", "  bulwark cluster status", "  bulwark cluster snapshot --node n2"})
public final class ClusterCommand extends GroupCommand {

    /** {@code cluster status}. */
    @Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Queries every member (the endpoints and the members they list) and shows "
        + "role, term, commit and applied index, lag and reachability.",
        "lag = the highest applied or commit index reported - the node's applied index.",
        "Exits 0 when at least one member answered, 5 when none did."},
        footer = {"%nExamples:", "  bulwark cluster status",
            "  bulwark cluster status --endpoints 10.0.0.1:7001 -o json | jq '.nodes[] | {nodeId, lagEntries}'"})
    public static final class Status extends ClientCommand {
        /** Injected by the CLI factory. */
        public Status(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final ClusterView view = client.clusterStatus();
            out.printRaw(json(view), text(view));
            return view.reachableCount() > 0 ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
        }

        static String text(final ClusterView view) {
            final Table table = new Table("NODE", "ADDRESS", "ROLE", "TERM", "COMMIT", "APPLIED", "LAG", "REACHABLE");
            for (final NodeStatus n : view.nodes()) {
                final StatusResponse s = n.status();
                final String id = n.nodeId().isEmpty() ? "?" : n.nodeId();
                if (s == null) {
                    table.row(id, n.address(), "-", "-", "-", "-", "-", "no: " + why(n.error()));
                } else {
                    table.row(id, n.address(), n.role().name().replace("NODE_ROLE_", "").toLowerCase(Locale.ROOT),
                        s.getTerm(), s.getCommitIndex(), s.getAppliedIndex(), n.lagEntries(),
                        s.getServingLocalReads() ? "yes" : "yes (not serving local reads)");
                }
            }
            return table.render() + "leader " + (view.leaderId().isEmpty() ? "unknown" : view.leaderId()) + ", term "
                + view.term() + ", highest index " + view.highestIndex() + ", " + view.reachableCount() + "/"
                + view.nodes().size() + " members reachable" + System.lineSeparator();
        }

        static String json(final ClusterView view) {
            final List<String> nodes = new ArrayList<>();
            for (final NodeStatus n : view.nodes()) {
                final JsonObjectWriter w = new JsonObjectWriter().str("address", n.address()).str("nodeId", n.nodeId())
                    .bool("reachable", n.reachable()).num("lagEntries", n.lagEntries());
                if (n.error() != null) {
                    w.str("error", why(n.error()));
                }
                nodes.add(w.raw("status", n.status() == null ? null : Printer.json(n.status())).build());
            }
            return new JsonObjectWriter().str("leaderId", view.leaderId()).num("term", view.term())
                .num("highestIndex", view.highestIndex()).num("reachable", view.reachableCount())
                .array("nodes", nodes).build();
        }

        private static String why(final BulwarkException e) {
            if (e == null) {
                return "unknown";
            }
            return e.reasonName().isEmpty() ? e.code().name() : e.code().name() + " " + e.reasonName();
        }
    }

    /** {@code cluster snapshot}. */
    @Command(name = "snapshot", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Takes a snapshot now, on one node.",
        footer = {"%nExamples:", "  bulwark cluster snapshot --node n2",
            "  bulwark cluster snapshot            # the first node that answers",
            "  bulwark cluster snapshot --node n1 --timeout 30s -o json"})
    public static final class Snapshot extends ClientCommand {
        @Option(names = "--node", paramLabel = "<node-id>",
            description = "The member to snapshot. Default: the first endpoint that answers.")
        String node;

        /** Injected by the CLI factory. */
        public Snapshot(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final SnapshotResponse r = client.snapshot(node);
            out.print(r, t -> {
                if (node != null) {
                    t.kv("node", node);
                }
                t.kv("snapshot_index", r.getSnapshotIndex());
            });
            return 0;
        }
    }

    /** {@code cluster transfer-leadership}. */
    @Command(name = "transfer-leadership", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Asks the leader to hand leadership to another member.",
        footer = {"%nExamples:", "  bulwark cluster transfer-leadership --to n2",
            "  bulwark cluster transfer-leadership --to n3 --wait 10s -o json"})
    public static final class TransferLeadership extends ClientCommand {
        @Option(names = "--to", required = true, paramLabel = "<node-id>", description = "The new leader.")
        String to;

        @Option(names = "--wait", paramLabel = "<duration>", defaultValue = "10s",
            description = "How long the leader may take to transfer. Default: ${DEFAULT-VALUE}.")
        Duration wait;

        /** Injected by the CLI factory. */
        public TransferLeadership(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            final TransferLeadershipResponse r = client.transferLeadership(to, wait);
            out.print(r, t -> t.kv("leader", r.getLeaderId()));
            return 0;
        }
    }
}
