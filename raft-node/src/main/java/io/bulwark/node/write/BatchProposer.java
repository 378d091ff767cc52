package io.bulwark.node.write;

import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.CommandBatch;

import java.util.concurrent.CompletableFuture;

/** Replicates one batch and returns its results once it is applied; implemented over Raft. */
@FunctionalInterface
public interface BatchProposer {

    /**
     * Proposes {@code batch} as one log entry. The future completes with the batch's results (in
     * command order) once applied, or exceptionally with a {@link ReplicationException}.
     */
    CompletableFuture<BatchResult> propose(CommandBatch batch);
}
