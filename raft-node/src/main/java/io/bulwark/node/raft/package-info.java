/**
 * The only package that touches Apache Ratis. {@link io.bulwark.node.raft.BulwarkStateMachine} adapts
 * the replicated {@code BulwarkState} to Ratis (decode and validate in {@code startTransaction},
 * apply, ReadIndex queries, snapshots); {@link io.bulwark.node.raft.RaftNode} runs the server and a
 * bounded-retry client and exposes replication, ReadIndex, status and admin operations in Bulwark's
 * own terms, so the API and write packages never see a Ratis type.
 *
 * <p>Ratis relocates its protobuf under {@code org.apache.ratis.thirdparty}: Bulwark messages cross
 * the boundary as {@code byte[]}.
 */
package io.bulwark.node.raft;
