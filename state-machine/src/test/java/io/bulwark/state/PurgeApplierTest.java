package io.bulwark.state;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.Test;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.applyOne;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.purge;
import static io.bulwark.state.TestCommands.revoke;
import static org.assertj.core.api.Assertions.assertThat;

class PurgeApplierTest extends FreshStateTest {
    @Test
    void shouldPurgeEveryTableRowExpiredAtOrBeforeUpTo() {
        applyOne(state, create(T0, "short-a", "alice", 1_000));
        applyOne(state, create(T0, "long-a", "alice", 100_000));
        applyOne(state, create(T0, "short-b", "bob", 2_000));
        applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("i", "1"), 0, T0 + 2_000));
        applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("i", "2"), 0, T0 + 2_001));
        applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("carol"), 0, T0 + 500));
        applyOne(state, TestCommands.create(T0, "req-1", "with-id", "dave", 100_000));
        assertThat(state.tableRows()).containsEntry("sessions", 4L).containsEntry("subject_index", 3L)
                .containsEntry("revocations", 2L).containsEntry("subjects", 1L).containsEntry("requests", 1L);

        CommandResult r = applyOne(state, purge(T0 + 2_000, T0 + 2_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(r.getPurgedRows()).isEqualTo(4); // short-a, short-b, token 1, carol's cut-off
        assertThat(state.tableRows()).containsEntry("sessions", 2L).containsEntry("subject_index", 2L)
                .containsEntry("revocations", 1L).containsEntry("subjects", 0L).containsEntry("requests", 1L);
        assertThat(state.listSessions("alice", 0, T0).getSessionsList()).extracting(s -> s.getSessionRef())
                .containsExactly(Hashes.toRef(Hashes.sessionHash("long-a")));
        assertThat(state.listSessions("bob", 0, T0).getSessionsCount()).isZero();

        CommandResult requests = applyOne(state, purge(T0 + 10 * 60_000, T0 + 10 * 60_000));
        assertThat(requests.getPurgedRows()).isEqualTo(4); // long-a, with-id, token 2, the request record
        assertThat(state.tableRows().values()).containsOnly(0L);
    }

    @Test
    void shouldRejectPurgeBeyondProposerTime() {
        applyOne(state, create(T0, "s", "alice", 1_000));

        CommandResult r = applyOne(state, purge(T0, T0 + 5_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_INVALID);
        assertThat(state.tableRows().get("sessions")).isEqualTo(1);
    }

    @Test
    void shouldGiveSamePurgeResultWhateverInsertionOrder() {
        try (BulwarkState other = BulwarkState.open(TestCommands.smallConfig())) {
            for (int i = 0; i < 50; i++) {
                applyOne(state, create(T0 + i, "s" + i, "user" + (i % 7), 1_000 + 37L * (i % 11)));
                int j = 49 - i;
                other.apply(state.lastAppliedIndex(), io.bulwark.replication.v1.CommandBatch.newBuilder()
                        .addCommands(create(T0 + j, "s" + j, "user" + (j % 7), 1_000 + 37L * (j % 11))).build());
            }
            // Same rows created in opposite orders: equal state, so equal digests.
            assertThat(other.digest()).isEqualTo(state.digest());

            long a = applyOne(state, purge(T0 + 1_200, T0 + 1_200)).getPurgedRows();
            long b = TestCommands.applyOne(other, purge(T0 + 1_200, T0 + 1_200)).getPurgedRows();

            assertThat(a).isEqualTo(b).isGreaterThan(0).isLessThan(50);
            assertThat(other.digest()).isEqualTo(state.digest());
        }
    }
}
