package io.bulwark.client;

import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.StatusResponse;

/**
 * One member as seen by {@link BulwarkClient#clusterStatus()}.
 *
 * @param address the member's public API address ({@code host:port})
 * @param nodeId  its Raft peer id (from its own answer, or from another member's membership list when it did
 *                not answer); empty when unknown
 * @param status  its answer, or null when it was unreachable
 * @param error   why it did not answer, or null
 * @param lagEntries the cluster's highest applied or commit index minus this node's applied index; -1 when
 *                unreachable
 */
public record NodeStatus(String address, String nodeId, StatusResponse status, BulwarkException error,
                         long lagEntries) {
    /** Whether the member answered. */
    public boolean reachable() {
        return status != null;
    }

    /** Its role, or {@code NODE_ROLE_UNSPECIFIED} when unreachable. */
    public NodeRole role() {
        return status == null ? NodeRole.NODE_ROLE_UNSPECIFIED : status.getRole();
    }
}
