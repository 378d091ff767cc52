package io.bulwark.cli.bundle;

import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ShadowFlips;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.cli.commands.ClientCommand;
import io.bulwark.cli.output.JsonObjectWriter;
import io.bulwark.cli.output.Printer;
import io.bulwark.cli.output.Table;
import io.bulwark.client.BulwarkClient;
import io.bulwark.client.BulwarkException;
import io.bulwark.client.BundleStatusView;
import io.bulwark.client.NodeBundleStatus;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bundle status}: the active and shadowed versions and the shadow decision flips per route, summed over every
 * member (each node counts only the checks it evaluated), with each node's own totals.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Shows the active and shadowed versions and, while a version is shadowed, the decisions it would",
        "change per route (allow->deny, deny->allow, other) summed over EVERY member: each member is asked for",
        "its own counters (the endpoints and the members they list). Per-node totals show where the traffic was",
        "and which members did not answer (a total over fewer members is a partial total)."},
    footer = {"%nIn this command: 0 = at least one member answered; otherwise the code of the first failure",
        "(5 = unavailable; 6 = e.g. UNIMPLEMENTED, a node build without the policy service).",
        "%nExamples:",
        "  bulwark bundle status",
        "  bulwark bundle status -o json | jq '.flips[] | select(.allowToDeny > 0)'"})
public final class StatusCommand extends ClientCommand {
    /** Injected by the CLI factory. */
    public StatusCommand(final CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(final BulwarkClient client, final Printer out) {
        final BundleStatusView view = client.bundleStatusOfEveryNode();
        if (view.reachableCount() == 0) {
            for (final NodeBundleStatus n : view.nodes()) {
                if (n.error() != null) {
                    // Nothing to show: fail like a single call would, with the first member's error.
                    throw n.error();
                }
            }
            return ExitCodes.UNAVAILABLE;
        }
        out.printRaw(json(view), text(view));
        return ExitCodes.OK;
    }

    static String text(final BundleStatusView view) {
        final GetBundleStatusResponse f = view.freshest();
        final StringBuilder sb = new StringBuilder();
        sb.append("active:  ").append(VersionText.oneLine(f.hasActive(), f.getActive())).append(System.lineSeparator());
        sb.append("shadow:  ").append(VersionText.oneLine(f.hasShadow(), f.getShadow())).append(System.lineSeparator());
        sb.append(System.lineSeparator());
        final Table nodes = new Table("NODE", "ADDRESS", "APPLIED", "ACTIVE", "SHADOW", "SHADOW_CHECKS", "FLIPS",
            "REACHABLE");
        for (final NodeBundleStatus n : view.nodes()) {
            final String id = n.nodeId().isEmpty() ? "?" : n.nodeId();
            final GetBundleStatusResponse s = n.status();
            if (s == null) {
                nodes.row(id, n.address(), "-", "-", "-", "-", "-", "no: " + why(n.error()));
            } else {
                nodes.row(id, n.address(), s.getMeta().getAppliedIndex(), version(s.hasActive(), s.getActive()
                    .getVersion()), version(s.hasShadow(), s.getShadow().getVersion()), s.getShadowChecks(),
                    BundleStatusView.flipCount(s.getFlipsList()), "yes");
            }
        }
        sb.append(nodes.render());
        final List<ShadowFlips> total = view.totalFlipsByRoute();
        if (!total.isEmpty()) {
            final Table routes = new Table("ROUTE", "ALLOW->DENY", "DENY->ALLOW", "OTHER");
            for (final ShadowFlips r : total) {
                routes.row(r.getRoute(), r.getAllowToDeny(), r.getDenyToAllow(), r.getOther());
            }
            sb.append(System.lineSeparator()).append(routes.render());
        }
        sb.append("total: ").append(view.totalShadowChecks()).append(" shadow checks, ").append(view.totalFlips())
            .append(" flips, summed over ").append(view.reachableCount()).append('/').append(view.nodes().size())
            .append(" members").append(view.reachableCount() < view.nodes().size() ? " (partial)" : "")
            .append(System.lineSeparator());
        return sb.toString();
    }

    static String json(final BundleStatusView view) {
        final GetBundleStatusResponse f = view.freshest();
        final List<String> flips = new ArrayList<>();
        for (final ShadowFlips r : view.totalFlipsByRoute()) {
            flips.add(Printer.json(r));
        }
        final List<String> nodes = new ArrayList<>();
        for (final NodeBundleStatus n : view.nodes()) {
            final JsonObjectWriter w = new JsonObjectWriter().str("address", n.address()).str("nodeId", n.nodeId())
                .bool("reachable", n.reachable());
            if (n.error() != null) {
                w.str("error", why(n.error()));
            }
            nodes.add(w.raw("status", n.status() == null ? null : Printer.json(n.status())).build());
        }
        return new JsonObjectWriter()
            .raw("active", f.hasActive() ? Printer.json(f.getActive()) : null)
            .raw("shadow", f.hasShadow() ? Printer.json(f.getShadow()) : null)
            .num("reachable", view.reachableCount()).num("members", view.nodes().size())
            .num("shadowChecks", view.totalShadowChecks()).num("totalFlips", view.totalFlips())
            .array("flips", flips).array("nodes", nodes).build();
    }

    private static String version(final boolean present, final long v) {
        return present && v > 0 ? "v" + v : "-";
    }

    private static String why(final BulwarkException e) {
        if (e == null) {
            return "unknown";
        }
        return e.reasonName().isEmpty() ? e.code().name() : e.code().name() + " " + e.reasonName();
    }
}
