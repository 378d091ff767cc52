package io.bulwark.client;

import java.util.List;
import java.util.Optional;

/**
 * Every member's status, gathered by querying each one.
 *
 * @param nodes        one entry per member (configured endpoints plus members they report), ordered by node id,
 *                     then address
 * @param leaderId     the leader: the node reporting the role in the highest term, else the leader most
 *                     members name; empty when none is known
 * @param term         the highest term reported
 * @param highestIndex the highest applied or commit index reported: the reference for each node's lag
 */
public record ClusterView(List<NodeStatus> nodes, String leaderId, long term, long highestIndex) {
    /** Copies the list. */
    public ClusterView {
        nodes = List.copyOf(nodes);
    }

    /** The member with {@code nodeId}, if known. */
    public Optional<NodeStatus> node(final String nodeId) {
        for (final NodeStatus n : nodes) {
            if (n.nodeId().equals(nodeId)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** How many members answered. */
    public int reachableCount() {
        int count = 0;
        for (final NodeStatus n : nodes) {
            if (n.reachable()) {
                count++;
            }
        }
        return count;
    }
}
