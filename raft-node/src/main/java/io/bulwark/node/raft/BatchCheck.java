package io.bulwark.node.raft;

import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;

/**
 * The cheap structural check the leader runs in {@code startTransaction}: a batch that fails it
 * never reaches the log. Field-level rules are applied again, deterministically, at apply time;
 * this only keeps garbage (a foreign or corrupt payload) out of the log.
 */
final class BatchCheck {

    /** The most commands a batch may carry, whatever the proposer's configuration. */
    static final int MAX_COMMANDS = 10_000;

    private BatchCheck() {
    }

    /** Null when {@code batch} may be logged, otherwise why not. */
    static String problem(CommandBatch batch) {
        final int n = batch.getCommandsCount();
        if (n == 0) {
            return "empty batch";
        }
        if (n > MAX_COMMANDS) {
            return "batch of " + n + " commands exceeds " + MAX_COMMANDS;
        }
        for (int i = 0; i < n; i++) {
            final Command c = batch.getCommands(i);
            if (!c.hasHeader()) {
                return "command " + i + " has no header";
            }
            if (c.getHeader().getProposerTimeMs() <= 0) {
                return "command " + i + " has no proposer time";
            }
            if (c.getBodyCase() == Command.BodyCase.BODY_NOT_SET) {
                return "command " + i + " has no body (or one this node does not know)";
            }
        }
        return null;
    }
}
