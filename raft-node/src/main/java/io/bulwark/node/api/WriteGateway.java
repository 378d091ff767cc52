package io.bulwark.node.api;

import io.bulwark.api.v1.WriteResult;
import io.bulwark.node.write.CommandBatcher;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandResult;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one command through group commit and turns its result into a reply or an error, so every
 * write RPC reads: validate, build, {@link #submit}, shape the reply.
 */
final class WriteGateway {

    private final CommandBatcher batcher;

    WriteGateway(CommandBatcher batcher) {
        this.batcher = batcher;
    }

    /** Completes with the OK result, or exceptionally with the mapped {@link ApiException}. */
    CompletableFuture<CommandResult> submit(Command command) {
        return batcher.submit(command).thenApply(result -> {
            final ApiException error = ErrorMapper.forResult(result);
            if (error != null) {
                throw error;
            }
            return result;
        });
    }

    static WriteResult writeResult(CommandResult result) {
        return WriteResult.newBuilder()
                .setAppliedIndex(result.getAppliedIndex())
                .setDuplicate(result.getDuplicate())
                .build();
    }
}
