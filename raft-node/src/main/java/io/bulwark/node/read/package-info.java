/**
 * Read consistency without the Raft log: the leader-contact clock that decides whether LOCAL reads
 * are still served ({@link io.bulwark.node.read.LeaderContact}), and the registry that lets an
 * AT_LEAST read wait for an index without holding a thread ({@link io.bulwark.node.read.IndexWaiters}),
 * and the batcher that lets concurrent LINEARIZABLE reads share ReadIndex rounds
 * ({@link io.bulwark.node.read.ReadIndexBatcher}).
 * Nothing here touches Ratis or gRPC: the raft package feeds these, the api package consults them.
 */
package io.bulwark.node.read;
