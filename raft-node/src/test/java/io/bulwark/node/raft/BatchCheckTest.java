package io.bulwark.node.raft;

import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.PurgeExpired;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchCheckTest {

    private static final Command OK = Command.newBuilder()
            .setHeader(CommandHeader.newBuilder().setProposerTimeMs(1_000))
            .setPurgeExpired(PurgeExpired.newBuilder().setUpToMs(1_000))
            .build();

    @Test
    void shouldAcceptAWellFormedBatch() {
        assertThat(BatchCheck.problem(CommandBatch.newBuilder().addCommands(OK).addCommands(OK).build())).isNull();
    }

    @Test
    void shouldKeepMalformedBatchesOutOfTheLog() {
        assertThat(BatchCheck.problem(CommandBatch.getDefaultInstance())).contains("empty");
        assertThat(BatchCheck.problem(CommandBatch.newBuilder().addCommands(OK.toBuilder().clearHeader()).build()))
                .contains("no header");
        assertThat(BatchCheck.problem(CommandBatch.newBuilder().addCommands(OK.toBuilder().clearPurgeExpired()).build()))
                .contains("no body");
        assertThat(BatchCheck.problem(CommandBatch.newBuilder().addCommands(OK.toBuilder()
                .setHeader(CommandHeader.getDefaultInstance())).build())).contains("proposer time");
    }
}
