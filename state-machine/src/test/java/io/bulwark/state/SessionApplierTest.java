package io.bulwark.state;

import io.bulwark.api.v1.Session;
import io.bulwark.api.v1.SessionState;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.applyOne;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.revokeSession;
import static io.bulwark.state.TestCommands.touch;
import static org.assertj.core.api.Assertions.assertThat;

class SessionApplierTest extends FreshStateTest {
    @Test
    void shouldCreateSessionAndReturnItWithRefNotId() {
        CommandResult r = applyOne(state, create(T0, "sid-1", "alice", 60_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(r.getAppliedIndex()).isEqualTo(1);
        assertThat(r.getSession().getSessionRef()).isEqualTo(Hashes.toRef(Hashes.sessionHash("sid-1")));
        assertThat(r.getSession().getSessionId()).isEmpty();
        assertThat(r.getSession().getSubject()).isEqualTo("alice");
        assertThat(r.getSession().getCreatedAtMs()).isEqualTo(T0);
        assertThat(r.getSession().getExpiresAtMs()).isEqualTo(T0 + 60_000);
        assertThat(r.getSession().getState()).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        Session read = state.getSession(Hashes.sessionHash("sid-1"), T0 + 1);
        assertThat(read).isEqualTo(r.getSession());
        assertThat(state.getSession(Hashes.sessionHash("sid-1"), T0 + 60_000).getState()).isEqualTo(SessionState.SESSION_STATE_EXPIRED);
    }

    @Test
    void shouldRejectCreateOnExistingHash() {
        applyOne(state, create(T0, "sid-1", "alice", 60_000));

        CommandResult r = applyOne(state, create(T0 + 1, "sid-1", "bob", 60_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_ALREADY_EXISTS);
        assertThat(state.getSession(Hashes.sessionHash("sid-1"), T0).getSubject()).isEqualTo("alice");
    }

    @Test
    void shouldNeverReuseARevokedSessionIdEvenAfterPurge() {
        applyOne(state, create(T0, "sid-1", "alice", 1_000));
        applyOne(state, revokeSession(T0 + 10, "sid-1", T0 + 3_600_000));
        applyOne(state, TestCommands.purge(T0 + 5_000, T0 + 5_000));
        assertThat(state.getSession(Hashes.sessionHash("sid-1"), T0 + 5_000)).isNull();

        CommandResult r = applyOne(state, create(T0 + 6_000, "sid-1", "alice", 60_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_NOT_ACTIVE);
        assertThat(state.getSession(Hashes.sessionHash("sid-1"), T0 + 6_000)).isNull();
    }

    @Test
    void shouldRejectInvalidCreateWithDetail() {
        assertThat(applyOne(state, create(T0, "sid", "", 1_000)).getCode()).isEqualTo(ResultCode.RESULT_INVALID);
        assertThat(applyOne(state, create(T0, "sid", "a\u0007b", 1_000)).getDetail()).contains("subject");
        assertThat(applyOne(state, create(T0, "sid", "x".repeat(257), 1_000)).getDetail()).contains("256");
        assertThat(applyOne(state, create(T0, "sid", "alice", 0)).getDetail()).contains("ttl_ms");
        Command shortHash = create(T0, "sid", "alice", 1_000).toBuilder()
                .setCreateSession(create(T0, "sid", "alice", 1_000).getCreateSession().toBuilder()
                        .setSessionHash(com.google.protobuf.ByteString.copyFrom(new byte[31])))
                .build();
        assertThat(applyOne(state, shortHash).getDetail()).contains("session_hash");
        Command pastExpiry = create(T0, "sid", "alice", 1_000).toBuilder()
                .setCreateSession(create(T0, "sid", "alice", 1_000).getCreateSession().toBuilder().setExpiresAtMs(T0))
                .build();
        assertThat(applyOne(state, pastExpiry).getDetail()).contains("expires_at_ms");
        Command noTime = create(0, "sid", "alice", 1_000);
        assertThat(applyOne(state, noTime).getCode()).isEqualTo(ResultCode.RESULT_INVALID);
        assertThat(applyOne(state, Command.newBuilder().setHeader(TestCommands.header(T0, "")).build()).getDetail())
                .contains("no body");
        assertThat(state.tableRows().get("sessions")).isZero();
    }

    @Test
    void shouldTouchActiveSessionToProposerTimePlusTtl() {
        applyOne(state, create(T0, "sid-1", "alice", 60_000));

        CommandResult own = applyOne(state, touch(T0 + 30_000, "sid-1", 0));
        CommandResult explicit = applyOne(state, touch(T0 + 40_000, "sid-1", 5_000));

        assertThat(own.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(own.getSession().getExpiresAtMs()).isEqualTo(T0 + 90_000);
        assertThat(explicit.getSession().getExpiresAtMs()).isEqualTo(T0 + 45_000);
        assertThat(explicit.getSession().getLastTouchedAtMs()).isEqualTo(T0 + 40_000);
        assertThat(explicit.getSession().getTtlMs()).isEqualTo(60_000);
    }

    @Test
    void shouldRejectTouchOfRevokedSession() {
        applyOne(state, create(T0, "sid-1", "alice", 60_000));
        applyOne(state, revokeSession(T0 + 1, "sid-1", T0 + 3_600_000));

        CommandResult r = applyOne(state, touch(T0 + 2, "sid-1", 0));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_NOT_ACTIVE);
        assertThat(state.getSession(Hashes.sessionHash("sid-1"), T0 + 2).getExpiresAtMs()).isEqualTo(T0 + 60_000);
    }

    @Test
    void shouldRejectTouchOfExpiredOrUnknownSession() {
        applyOne(state, create(T0, "sid-1", "alice", 1_000));

        assertThat(applyOne(state, touch(T0 + 1_000, "sid-1", 0)).getCode()).isEqualTo(ResultCode.RESULT_NOT_ACTIVE);
        assertThat(applyOne(state, touch(T0, "nope", 0)).getCode()).isEqualTo(ResultCode.RESULT_NOT_FOUND);
    }

    @Test
    void shouldReturnTableFullWhenSessionsReachCapacity() {
        try (BulwarkState tiny = BulwarkState.open(new StateConfig(3, 10, 10, 10, 8, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 3; i++) {
                assertThat(applyOne(tiny, create(T0, "s" + i, "user" + i, 60_000)).getCode()).isEqualTo(ResultCode.RESULT_OK);
            }

            CommandResult r = applyOne(tiny, create(T0, "s3", "user3", 60_000));

            assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_TABLE_FULL);
            assertThat(r.getDetail()).contains("sessions");
            assertThat(tiny.tableRows().get("sessions")).isEqualTo(3);
            assertThat(tiny.listSessions("user3", 0, T0).getSessionsCount()).isZero();
        }
    }

    @Test
    void shouldLimitLiveSessionsPerSubjectAndReclaimDeadOnes() {
        int max = TestCommands.smallConfig().maxSessionsPerSubject();
        for (int i = 0; i < max; i++) {
            applyOne(state, create(T0, "s" + i, "alice", 60_000));
        }

        CommandResult refused = applyOne(state, create(T0 + 1, "extra", "alice", 60_000));
        assertThat(refused.getCode()).isEqualTo(ResultCode.RESULT_SUBJECT_SESSION_LIMIT);
        assertThat(applyOne(state, create(T0 + 1, "other", "bob", 60_000)).getCode()).isEqualTo(ResultCode.RESULT_OK);

        applyOne(state, revokeSession(T0 + 2, "s0", T0 + 3_600_000));
        CommandResult admitted = applyOne(state, create(T0 + 3, "extra", "alice", 60_000));

        assertThat(admitted.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(state.getSession(Hashes.sessionHash("s0"), T0 + 3)).isNull();
        assertThat(state.listSessions("alice", 0, T0 + 3).getSessionsCount()).isEqualTo(max);
        assertThat(state.tableRows().get("sessions")).isEqualTo(max + 1);
    }

    @Test
    void shouldListSubjectSessionsByCreationTimeThenRefWithTruncation() {
        applyOne(state, create(T0 + 5, "c", "alice", 60_000));
        applyOne(state, create(T0 + 1, "a", "alice", 60_000));
        applyOne(state, create(T0 + 3, "b", "alice", 60_000));
        applyOne(state, create(T0 + 3, "b2", "alice", 60_000));
        applyOne(state, create(T0, "z", "bob", 60_000));

        var all = state.listSessions("alice", 0, T0 + 10);
        var two = state.listSessions("alice", 2, T0 + 10);

        assertThat(all.getSessionsList()).extracting(Session::getCreatedAtMs).containsExactly(T0 + 1, T0 + 3, T0 + 3, T0 + 5);
        assertThat(all.getSessions(1).getSessionRef()).isLessThan(all.getSessions(2).getSessionRef());
        assertThat(all.getTruncated()).isFalse();
        assertThat(two.getSessionsCount()).isEqualTo(2);
        assertThat(two.getTruncated()).isTrue();
        assertThat(state.listSessions("nobody", 0, T0).getSessionsCount()).isZero();
    }

    @Test
    void shouldGiveEachCommandOfABatchItsOwnResultAndMoveIndexAfterTheBatch() {
        CommandBatch batch = CommandBatch.newBuilder()
                .addCommands(create(T0, "s1", "alice", 60_000))
                .addCommands(create(T0, "s1", "alice", 60_000))
                .addCommands(create(T0, "s2", "", 60_000))
                .addCommands(create(T0, "s3", "carol", 60_000))
                .build();

        var results = state.apply(7, batch).getResultsList();

        assertThat(results).extracting(CommandResult::getCode).containsExactly(
                ResultCode.RESULT_OK, ResultCode.RESULT_ALREADY_EXISTS, ResultCode.RESULT_INVALID, ResultCode.RESULT_OK);
        assertThat(results).extracting(CommandResult::getAppliedIndex).containsOnly(7L);
        assertThat(state.lastAppliedIndex()).isEqualTo(7);
        state.advanceAppliedIndex(9);
        assertThat(state.lastAppliedIndex()).isEqualTo(9);
        state.advanceAppliedIndex(8);
        assertThat(state.lastAppliedIndex()).isEqualTo(9);
    }
}
