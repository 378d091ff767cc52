package io.bulwark.node.raft;

import java.util.List;

/**
 * One consistent-enough view of this member for ClusterService.Status, in Bulwark's own terms.
 *
 * @param role          LEADER, FOLLOWER, CANDIDATE, LISTENER or UNKNOWN
 * @param leaderId      current leader's id, empty when unknown
 * @param members       every member of the current configuration
 */
public record NodeStatus(String nodeId, String role, String leaderId, long term, long commitIndex,
                         long appliedIndex, long snapshotIndex, List<Member> members) {

    /** A member's ids and addresses as the replicated Raft configuration holds them. */
    public record Member(String nodeId, String apiAddress, String raftAddress) {
    }
}
