package io.bulwark.cli.commands;

import io.bulwark.api.v1.MembershipResponse;
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

/** {@code bulwark cluster status|snapshot|transfer-leadership|add-member|remove-member}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Cluster operations: status of every member, snapshots, leadership, membership.",
    subcommands = {ClusterCommand.Status.class, ClusterCommand.Snapshot.class, ClusterCommand.TransferLeadership.class,
        ClusterCommand.AddMember.class, ClusterCommand.RemoveMember.class},
    footer = {"%nExamples:", "  bulwark cluster status", "  bulwark cluster snapshot --node n2",
        "  bulwark cluster add-member --node n4 --raft-address 10.0.0.4:7100 --api-address 10.0.0.4:7000"})
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

    /** {@code cluster add-member}. */
    @Command(name = "add-member", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Adds a voting member through Raft (joint consensus, one member at a time).",
            "Start the new node first with cluster.join=true in its config (and cluster.peers listing the running "
            + "members and itself): it waits without forming a group of its own. The leader then sends it the log "
            + "or a snapshot; the change commits once it has caught up.",
            "Any member accepts the request. Running it again is harmless: a member already present with the "
            + "same addresses is reported with changed=false.",
            "Exit codes: 0 added (or already a member); 4 refused: bad input, or ALREADY_EXISTS MEMBER_CONFLICT "
            + "(the id is a member with other addresses, or an address belongs to another member); 5 no leader "
            + "reachable, or not committed in time (retry: it may still commit)."},
        footer = {"%nExamples:",
            "  bulwark cluster add-member --node n4 --raft-address 10.0.0.4:7100 --api-address 10.0.0.4:7000",
            "  bulwark cluster add-member --node n4 --raft-address n4:7100 --api-address n4:7000 --wait 2m -o json"})
    public static final class AddMember extends ClientCommand {
        @Option(names = "--node", required = true, paramLabel = "<node-id>", description = "The new member's node.id.")
        String node;

        @Option(names = "--raft-address", required = true, paramLabel = "<host:port>",
            description = "Its Raft (peer) endpoint, as the other members reach it.")
        String raftAddress;

        @Option(names = "--api-address", required = true, paramLabel = "<host:port>",
            description = "Its public gRPC API endpoint, as clients reach it.")
        String apiAddress;

        @Option(names = "--wait", paramLabel = "<duration>", defaultValue = "30s",
            description = "How long to wait for it to catch up and the change to commit (max 2m). "
                + "Default: ${DEFAULT-VALUE}.")
        Duration wait;

        /** Injected by the CLI factory. */
        public AddMember(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            return printMembership(client.addMember(node, raftAddress, apiAddress, wait), out);
        }
    }

    /** {@code cluster remove-member}. */
    @Command(name = "remove-member", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Removes a voting member through Raft (joint consensus). Works on the leader too: it "
            + "steps down once the change commits.",
            "Refused (FAILED_PRECONDITION MEMBERSHIP_QUORUM) when the members left would not include a majority "
            + "the leader has heard from recently, or when it is the last member.",
            "Any member accepts the request. Running it again is harmless: removing a node that is not a member "
            + "is reported with changed=false.",
            "Afterwards stop the removed node; to bring it back, wipe its data.dir, start it with "
            + "cluster.join=true and add it again.",
            "Exit codes: 0 removed (or not a member); 4 refused: bad input, or MEMBERSHIP_QUORUM; 5 no leader "
            + "reachable, or not committed in time (retry: it may still commit)."},
        footer = {"%nExamples:", "  bulwark cluster remove-member --node n3",
            "  bulwark cluster remove-member --node n3 --wait 1m -o json"})
    public static final class RemoveMember extends ClientCommand {
        @Option(names = "--node", required = true, paramLabel = "<node-id>", description = "The member to remove.")
        String node;

        @Option(names = "--wait", paramLabel = "<duration>", defaultValue = "30s",
            description = "How long to wait for the change to commit (max 2m). Default: ${DEFAULT-VALUE}.")
        Duration wait;

        /** Injected by the CLI factory. */
        public RemoveMember(final CliContext ctx) {
            super(ctx);
        }

        @Override
        protected int run(final BulwarkClient client, final Printer out) {
            return printMembership(client.removeMember(node, wait), out);
        }
    }

    private static int printMembership(final MembershipResponse r, final Printer out) {
        out.print(r, t -> {
            t.kv("changed", r.getChanged());
            t.kv("leader", r.getLeaderId());
            final List<String> members = new ArrayList<>();
            for (final io.bulwark.api.v1.Member m : r.getMembersList()) {
                members.add(m.getNodeId() + " (raft " + m.getRaftAddress() + ", api " + m.getApiAddress() + ")");
            }
            t.kv("members", String.join(", ", members));
        });
        return ExitCodes.OK;
    }
}
