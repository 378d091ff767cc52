package io.bulwark.node.api;

import io.bulwark.api.v1.ReadMeta;
import io.bulwark.state.BulwarkState;

import java.time.Clock;

/**
 * What the data services share: the replica, the edge rules, the write and read paths, the node
 * clock and identity, and the actor writes are attributed to.
 */
record ServiceContext(BulwarkState state, EdgeCommands edge, WriteGateway writes, ReadCoordinator reads,
                      Clock clock, String nodeId, String actor) {

    /** Read metadata for an answer reflecting {@code appliedIndex}. */
    ReadMeta meta(long appliedIndex) {
        return ReadMeta.newBuilder().setAppliedIndex(appliedIndex).setNodeId(nodeId).build();
    }
}
