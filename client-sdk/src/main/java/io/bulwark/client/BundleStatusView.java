package io.bulwark.client;

import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ShadowFlips;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every member's bundle status and the shadow flips summed over the members that answered. Each node counts the
 * flips of the checks it evaluated itself, so only this sum describes the whole cluster's traffic.
 *
 * @param nodes one entry per member, in the order of {@link ClusterView#nodes()}
 */
public record BundleStatusView(List<NodeBundleStatus> nodes) {
    /** Copies the list. */
    public BundleStatusView {
        nodes = List.copyOf(nodes);
    }

    /** How many members answered. */
    public int reachableCount() {
        int count = 0;
        for (final NodeBundleStatus n : nodes) {
            if (n.reachable()) {
                count++;
            }
        }
        return count;
    }

    /** Checks evaluated under the shadow version, summed over the members that answered. */
    public long totalShadowChecks() {
        long total = 0;
        for (final NodeBundleStatus n : nodes) {
            if (n.reachable()) {
                total += n.status().getShadowChecks();
            }
        }
        return total;
    }

    /** The flips per route summed over the members that answered, ordered by route. */
    public List<ShadowFlips> totalFlipsByRoute() {
        final Map<String, ShadowFlips.Builder> byRoute = new TreeMap<>();
        for (final NodeBundleStatus n : nodes) {
            if (!n.reachable()) {
                continue;
            }
            for (final ShadowFlips f : n.status().getFlipsList()) {
                byRoute.merge(f.getRoute(), f.toBuilder(), (a, b) -> a
                    .setAllowToDeny(a.getAllowToDeny() + b.getAllowToDeny())
                    .setDenyToAllow(a.getDenyToAllow() + b.getDenyToAllow())
                    .setOther(a.getOther() + b.getOther()));
            }
        }
        final List<ShadowFlips> out = new ArrayList<>(byRoute.size());
        for (final ShadowFlips.Builder b : byRoute.values()) {
            out.add(b.build());
        }
        return out;
    }

    /** Total flips of every kind over every route and member. */
    public long totalFlips() {
        return flipCount(totalFlipsByRoute());
    }

    /** Flips of every kind in {@code flips} (e.g. one node's {@code GetBundleStatusResponse.flips}). */
    public static long flipCount(final List<ShadowFlips> flips) {
        long total = 0;
        for (final ShadowFlips f : flips) {
            total += f.getAllowToDeny() + f.getDenyToAllow() + f.getOther();
        }
        return total;
    }

    /**
     * The answer of the member with the highest applied index (the freshest view of the active and shadowed
     * versions), or null when none answered.
     */
    public GetBundleStatusResponse freshest() {
        GetBundleStatusResponse best = null;
        for (final NodeBundleStatus n : nodes) {
            if (n.reachable() && (best == null
                || n.status().getMeta().getAppliedIndex() > best.getMeta().getAppliedIndex())) {
                best = n.status();
            }
        }
        return best;
    }
}
