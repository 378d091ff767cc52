/**
 * The write path between the API edge and Raft: {@link io.bulwark.node.write.CommandBatcher} packs
 * concurrent commands into one {@code CommandBatch} (group commit) and hands it to a
 * {@link io.bulwark.node.write.BatchProposer}; each caller's future completes with its own
 * {@code CommandResult}. Nothing here touches Ratis: the raft package implements the proposer.
 */
package io.bulwark.node.write;
