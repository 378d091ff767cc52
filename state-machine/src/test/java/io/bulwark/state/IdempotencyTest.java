package io.bulwark.state;

import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.applyOne;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.revoke;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest extends FreshStateTest {
    @Test
    void shouldApplyRetriedCreateOnceAndReturnOriginalIndex() {
        CommandResult first = applyOne(state, create(T0, "req-1", "sid-1", "alice", 60_000));
        state.advanceAppliedIndex(10);

        CommandResult retry = applyOne(state, create(T0 + 50, "req-1", "sid-1", "alice", 60_000));

        assertThat(first.getDuplicate()).isFalse();
        assertThat(retry.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getAppliedIndex()).isEqualTo(first.getAppliedIndex()).isEqualTo(1);
        assertThat(retry.getSession()).isEqualTo(first.getSession());
        assertThat(state.tableRows().get("sessions")).isEqualTo(1);
    }

    @Test
    void shouldReplayOriginalRejection() {
        applyOne(state, create(T0, "sid-1", "alice", 60_000));
        CommandResult first = applyOne(state, create(T0 + 1, "req-2", "sid-1", "alice", 60_000));

        CommandResult retry = applyOne(state, create(T0 + 2, "req-2", "sid-1", "alice", 60_000));

        assertThat(first.getCode()).isEqualTo(ResultCode.RESULT_ALREADY_EXISTS);
        assertThat(retry.getCode()).isEqualTo(ResultCode.RESULT_ALREADY_EXISTS);
        assertThat(retry.getDuplicate()).isTrue();
        assertThat(retry.getAppliedIndex()).isEqualTo(2);
    }

    @Test
    void shouldRejectSameRequestIdForADifferentKindOfWrite() {
        applyOne(state, create(T0, "req-3", "sid-1", "alice", 60_000));

        CommandResult r = applyOne(state, revoke(T0 + 1, "req-3", RevocationKind.REVOCATION_KIND_SESSION,
                Hashes.sessionHash("sid-1"), 0, T0 + 60_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_REQUEST_ID_REUSED);
        assertThat(r.getDuplicate()).isFalse();
        assertThat(state.tableRows().get("revocations")).isZero();
    }

    @Test
    void shouldScopeRequestIdsPerActor() {
        applyOne(state, create(T0, "req-4", "sid-1", "alice", 60_000));
        var otherActor = create(T0, "req-4", "sid-2", "bob", 60_000).toBuilder();
        otherActor.getHeaderBuilder().setActor("someone-else");

        CommandResult r = applyOne(state, otherActor.build());

        assertThat(r.getDuplicate()).isFalse();
        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
    }

    @Test
    void shouldForgetRequestIdAfterRetention() {
        applyOne(state, create(T0, "req-5", "sid-1", "alice", 60_000));
        long later = T0 + Duration.ofMinutes(10).toMillis();

        CommandResult r = applyOne(state, create(later, "req-5", "sid-9", "alice", 60_000));

        assertThat(r.getDuplicate()).isFalse();
        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(state.tableRows().get("requests")).isEqualTo(1);
    }

    @Test
    void shouldRejectMalformedRequestId() {
        CommandResult r = applyOne(state, create(T0, "bad id!", "sid-1", "alice", 60_000));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_INVALID);
        assertThat(r.getDetail()).contains("request_id");
        assertThat(state.tableRows().values()).containsOnly(0L);
    }

    @Test
    void shouldReturnTableFullWhenRequestLedgerIsFull() {
        try (BulwarkState tiny = BulwarkState.open(new StateConfig(10, 10, 10, 1, 8, Duration.ofMinutes(1)))) {
            applyOne(tiny, create(T0, "r1", "s1", "alice", 60_000));

            CommandResult full = applyOne(tiny, create(T0, "r2", "s2", "alice", 60_000));
            CommandResult retry = applyOne(tiny, create(T0, "r1", "s1", "alice", 60_000));
            CommandResult noId = applyOne(tiny, create(T0, "s2", "alice", 60_000));

            assertThat(full.getCode()).isEqualTo(ResultCode.RESULT_TABLE_FULL);
            assertThat(full.getDetail()).contains("requests");
            assertThat(retry.getDuplicate()).isTrue();
            assertThat(noId.getCode()).isEqualTo(ResultCode.RESULT_OK);
        }
    }

    @Test
    void shouldStillApplyRevocationsWhenRequestLedgerIsFull() {
        try (BulwarkState tiny = BulwarkState.open(new StateConfig(10, 10, 10, 1, 8, Duration.ofMinutes(1)))) {
            applyOne(tiny, create(T0, "r1", "s1", "alice", 60_000));
            byte[] token = Hashes.tokenHash("https://id.example.test", "jti-1");

            CommandResult revoked = applyOne(tiny,
                    revoke(T0, "r2", RevocationKind.REVOCATION_KIND_TOKEN, token, 0, T0 + 60_000));
            CommandResult again = applyOne(tiny,
                    revoke(T0, "r2", RevocationKind.REVOCATION_KIND_TOKEN, token, 0, T0 + 60_000));

            assertThat(revoked.getCode()).isEqualTo(ResultCode.RESULT_OK);
            assertThat(again.getCode()).as("the retry is still harmless without a ledger row")
                    .isEqualTo(ResultCode.RESULT_OK);
            assertThat(tiny.getRevocation(RevocationKind.REVOCATION_KIND_TOKEN, token).getRevoked()).isTrue();
            assertThat(tiny.tableRows()).containsEntry("requests", 1L);
        }
    }
}
