package io.bulwark.state;

import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.purge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Index rows grow to the largest bound (256 sessions = 8 KB) and shrink again, many times: the
 * Chronicle table behind the index, sized for small rows, must absorb this without refusing.
 */
class SubjectIndexChurnTest {

    @Test
    @Timeout(120)
    void shouldFillAndEmptyMaximalSubjectRowsRepeatedly() {
        int perSubject = 256;
        int subjects = 4;
        StateConfig config = new StateConfig(perSubject * subjects, 10, 10, 10, perSubject, Duration.ofMinutes(1));
        try (BulwarkState state = BulwarkState.open(config)) {
            long index = 0;
            long now = T0;
            for (int cycle = 0; cycle < 3; cycle++) {
                for (int n = 0; n < perSubject; n++) {
                    CommandBatch.Builder batch = CommandBatch.newBuilder();
                    for (int s = 0; s < subjects; s++) {
                        batch.addCommands(create(now, "c" + cycle + "-s" + s + "-" + n, "subject-" + s, 1_000));
                    }
                    for (CommandResult r : state.apply(++index, batch.build()).getResultsList()) {
                        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
                    }
                }
                assertThat(state.tableRows()).containsEntry("sessions", (long) perSubject * subjects)
                        .containsEntry("subject_index", (long) subjects);
                assertThat(state.listSessions("subject-2", 1_000, now).getSessionsCount()).isEqualTo(perSubject);
                CommandResult refused = state.apply(++index, CommandBatch.newBuilder()
                        .addCommands(create(now, "extra-" + cycle, "subject-1", 1_000)).build()).getResults(0);
                assertThat(refused.getCode()).isEqualTo(ResultCode.RESULT_SUBJECT_SESSION_LIMIT);

                now += 1_000;
                CommandResult purged = state.apply(++index, CommandBatch.newBuilder().addCommands(purge(now, now)).build()).getResults(0);
                assertThat(purged.getPurgedRows()).isEqualTo((long) perSubject * subjects);
                assertThat(state.tableRows().values()).containsOnly(0L);
            }
        }
    }
}
