/**
 * The {@code bulwark-node} server process.
 *
 * <pre>
 *  client ──gRPC──▶ api (validate at the edge, hash secrets, map errors)
 *                    │ writes                         │ reads / checks
 *                    ▼                                ▼
 *                  write.CommandBatcher           read (LeaderContact, IndexWaiters)
 *                    │ one CommandBatch per entry     │ LOCAL: local replica now
 *                    ▼                                │ AT_LEAST: wait for the index
 *                  write.LeaderForwarder              │
 *                    │ follower: batch ──gRPC──▶ leader's api.ForwardApi ──▶ its CommandBatcher
 *                    ▼ leader                         │
 *                  raft.RaftNode ──Ratis──▶ log       │ LINEARIZABLE: ReadIndex, then local
 *                    │ applyTransaction (every node)  ▼
 *                    └────────────────────────▶ BulwarkState (state-machine module)
 * </pre>
 *
 * <p>{@link io.bulwark.node.BulwarkNode} wires the parts and owns their lifecycle;
 * {@link io.bulwark.node.NodeMain} is the command line. Only {@code io.bulwark.node.raft} touches
 * Ratis; only {@code io.bulwark.node.api} touches gRPC server types (write.LeaderForwarder is a
 * gRPC client of the leader).
 *
 * <p>Policy bundles: {@code api.PolicyApi} verifies and compiles a pushed bundle at the edge (the
 * node's {@code policy.trusted.keys}) before proposing it; replicas verify again at apply. Checks
 * use the active version through {@code BulwarkState.check} (bearer JWTs, rules, shadow flips).
 */
package io.bulwark.node;
