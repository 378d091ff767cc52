package io.bulwark.client;

import io.bulwark.api.v1.GetBundleStatusResponse;

/**
 * One member's bundle status, as gathered by {@link BundleOps#statusOfEveryNode()}.
 *
 * @param address the member's public API address ({@code host:port})
 * @param nodeId  its Raft peer id (from its answer, else from the membership); empty when unknown
 * @param status  its answer (its applied active/shadow versions and its own flip counters), or null
 * @param error   why it did not answer (down, or a node build without the policy service:
 *                {@code UNIMPLEMENTED}), or null
 */
public record NodeBundleStatus(String address, String nodeId, GetBundleStatusResponse status,
                               BulwarkException error) {
    /** Whether the member answered. */
    public boolean reachable() {
        return status != null;
    }
}
