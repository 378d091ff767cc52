/**
 * The write path between the API edge and Raft: {@link io.bulwark.node.write.CommandBatcher} packs
 * concurrent commands into one {@code CommandBatch} (group commit) and hands it to a
 * {@link io.bulwark.node.write.BatchProposer}; each caller's future completes with its own
 * {@code CommandResult}. {@link io.bulwark.node.write.LeaderForwarder} is the proposer a node uses:
 * on the leader it proposes through Raft, on a follower it hands the batch to the leader's
 * {@code ForwardService} (a gRPC client call), so every node's writes share the leader's entries.
 * Nothing here touches Ratis: the raft package implements the Raft proposer.
 */
package io.bulwark.node.write;
