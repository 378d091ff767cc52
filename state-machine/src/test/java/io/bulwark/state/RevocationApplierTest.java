package io.bulwark.state;

import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.SessionState;
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
import static io.bulwark.state.TestCommands.revokeSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationApplierTest extends FreshStateTest {
    private static final long HOUR_MS = 3_600_000;
    @Test
    void shouldRevokeSessionRowAndWriteRevocationRow() {
        applyOne(state, create(T0, "sid-1", "alice", 60_000));

        CommandResult r = applyOne(state, revokeSession(T0 + 5, "sid-1", T0 + HOUR_MS));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
        var session = state.getSession(Hashes.sessionHash("sid-1"), T0 + 6);
        assertThat(session.getState()).isEqualTo(SessionState.SESSION_STATE_REVOKED);
        assertThat(session.getRevokedAtMs()).isEqualTo(T0 + 5);
        var rev = state.getRevocation(RevocationKind.REVOCATION_KIND_SESSION, Hashes.sessionHash("sid-1"));
        assertThat(rev.getRevoked()).isTrue();
        assertThat(rev.getRevokedAtMs()).isEqualTo(T0 + 5);
        assertThat(rev.getExpiresAtMs()).isEqualTo(T0 + HOUR_MS);
        assertThat(rev.getReason()).isEqualTo(RevocationReason.REVOCATION_REASON_LOGOUT);
    }

    @Test
    void shouldKeepSessionRevocationAtLeastAsLongAsTheSession() {
        applyOne(state, create(T0, "sid-1", "alice", 60_000));
        applyOne(state, revokeSession(T0 + 5, "sid-1", T0 + 1_000));
        applyOne(state, TestCommands.purge(T0 + 30_000, T0 + 30_000));

        var rev = state.getRevocation(RevocationKind.REVOCATION_KIND_SESSION, Hashes.sessionHash("sid-1"));

        assertThat(rev.getRevoked()).isTrue();
        assertThat(rev.getExpiresAtMs()).isEqualTo(T0 + 60_000);
    }

    @Test
    void shouldWriteRevocationRowForUnknownSession() {
        CommandResult r = applyOne(state, revokeSession(T0, "elsewhere", T0 + HOUR_MS));

        assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(state.getRevocation(RevocationKind.REVOCATION_KIND_SESSION, Hashes.sessionHash("elsewhere")).getRevoked()).isTrue();
        assertThat(state.tableRows().get("sessions")).isZero();
    }

    @Test
    void shouldKeepFirstRevocationWhenRevokedTwice() {
        byte[] token = Hashes.tokenHash("https://issuer", "jti-1");
        applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, token, 0, T0 + HOUR_MS));
        byte[] before = state.digest();

        CommandResult again = applyOne(state, revoke(T0 + 100, RevocationKind.REVOCATION_KIND_TOKEN, token, 0, T0 + 2 * HOUR_MS));

        assertThat(again.getCode()).isEqualTo(ResultCode.RESULT_OK);
        assertThat(state.digest()).isEqualTo(before);
        var rev = state.getRevocation(RevocationKind.REVOCATION_KIND_TOKEN, token);
        assertThat(rev.getRevokedAtMs()).isEqualTo(T0);
        assertThat(rev.getExpiresAtMs()).isEqualTo(T0 + HOUR_MS);
        assertThat(state.getRevocation(RevocationKind.REVOCATION_KIND_API_KEY, token).getRevoked())
                .as("kinds do not collide").isFalse();
    }

    @Test
    void shouldMoveSubjectCutOffForwardOnly() {
        byte[] subject = Hashes.subjectHash("alice");
        applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_SUBJECT, subject, T0 - 1_000, T0 + HOUR_MS));
        applyOne(state, revoke(T0 + 1, RevocationKind.REVOCATION_KIND_SUBJECT, subject, T0 - 5_000, T0 + 3 * HOUR_MS));
        assertThat(state.getRevocation(RevocationKind.REVOCATION_KIND_SUBJECT, subject).getNotBeforeMs()).isEqualTo(T0 - 1_000);

        applyOne(state, revoke(T0 + 2, RevocationKind.REVOCATION_KIND_SUBJECT, subject, 0, T0 + 2 * HOUR_MS));

        var rev = state.getRevocation(RevocationKind.REVOCATION_KIND_SUBJECT, subject);
        assertThat(rev.getNotBeforeMs()).as("0 means the proposer time").isEqualTo(T0 + 2);
        assertThat(rev.getRevokedAtMs()).isEqualTo(T0 + 2);
        assertThat(rev.getExpiresAtMs()).as("never shortened").isEqualTo(T0 + 2 * HOUR_MS);
    }

    @Test
    void shouldRejectInvalidRevocations() {
        byte[] h = Hashes.sessionHash("x");
        assertThat(applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_UNSPECIFIED, h, 0, T0 + 1)).getCode())
                .isEqualTo(ResultCode.RESULT_INVALID);
        assertThat(applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, new byte[5], 0, T0 + 1)).getDetail())
                .contains("key_hash");
        assertThat(applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, h, 0, T0)).getDetail())
                .contains("expires_at_ms");
        assertThat(applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, h, 5, T0 + 1)).getDetail())
                .contains("not_before_ms");
        assertThat(applyOne(state, revoke(T0, RevocationKind.REVOCATION_KIND_SUBJECT, h, T0 + 10, T0 + 1)).getDetail())
                .contains("not_before_ms");
        var unknownKind = revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, h, 0, T0 + 1).toBuilder();
        unknownKind.getRevokeBuilder().setKindValue(99);
        assertThat(applyOne(state, unknownKind.build()).getCode()).isEqualTo(ResultCode.RESULT_INVALID);
        var unknownReason = revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, h, 0, T0 + 1).toBuilder();
        unknownReason.getRevokeBuilder().setReasonValue(42);
        assertThat(applyOne(state, unknownReason.build()).getDetail()).contains("reason");
        assertThat(state.tableRows().values()).containsOnly(0L);
    }

    @Test
    void shouldReturnTableFullForRevocationsAndSubjects() {
        try (BulwarkState tiny = BulwarkState.open(new StateConfig(10, 2, 1, 10, 8, Duration.ofMinutes(1)))) {
            applyOne(tiny, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("i", "1"), 0, T0 + HOUR_MS));
            applyOne(tiny, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("i", "2"), 0, T0 + HOUR_MS));
            applyOne(tiny, revoke(T0, RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("a"), 0, T0 + HOUR_MS));

            CommandResult token = applyOne(tiny, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("i", "3"), 0, T0 + HOUR_MS));
            CommandResult subject = applyOne(tiny, revoke(T0, RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("b"), 0, T0 + HOUR_MS));
            CommandResult again = applyOne(tiny, revoke(T0, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("i", "1"), 0, T0 + HOUR_MS));
            CommandResult moveCutOff = applyOne(tiny, revoke(T0 + 9, RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("a"), 0, T0 + HOUR_MS));

            assertThat(token.getCode()).isEqualTo(ResultCode.RESULT_TABLE_FULL);
            assertThat(token.getDetail()).contains("revocations");
            assertThat(subject.getCode()).isEqualTo(ResultCode.RESULT_TABLE_FULL);
            assertThat(again.getCode()).as("existing row needs no room").isEqualTo(ResultCode.RESULT_OK);
            assertThat(moveCutOff.getCode()).isEqualTo(ResultCode.RESULT_OK);
            assertThat(tiny.tableRows()).containsEntry("revocations", 2L).containsEntry("subjects", 1L);
        }
    }

    @Test
    void shouldRefuseUnspecifiedKindOnRead() {
        assertThatThrownBy(() -> state.getRevocation(RevocationKind.REVOCATION_KIND_UNSPECIFIED, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.getRevocation(RevocationKind.REVOCATION_KIND_TOKEN, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
