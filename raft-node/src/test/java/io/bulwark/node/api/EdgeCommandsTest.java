package io.bulwark.node.api;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.TokenRef;
import io.bulwark.api.v1.WriteOptions;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.validate.Hashes;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeCommandsTest {

    private static final long NOW_MS = 1_700_000_000_000L;
    private final EdgeCommands edge = new EdgeCommands("n1", 1_000, 30L * 86_400_000, 7L * 86_400_000);
    private final CommandHeader header = edge.header("anonymous", WriteOptions.newBuilder().setRequestId("r-1").build(), NOW_MS);

    private static ErrorReason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            return e.reason();
        }
        throw new AssertionError("no ApiException");
    }

    @Test
    void shouldStampHeaderWithNodeTimeAndRequestId() {
        assertThat(header.getProposerTimeMs()).isEqualTo(NOW_MS);
        assertThat(header.getProposerNode()).isEqualTo("n1");
        assertThat(header.getRequestId()).isEqualTo("r-1");
    }

    @Test
    void shouldPutOnlyTheSessionHashInTheCommand() {
        final String secret = "very-secret-session-id-0123456789";
        final Command c = edge.createSession(header, secret, "alice", 60_000);
        assertThat(c.getCreateSession().getSessionHash()).isEqualTo(ByteString.copyFrom(Hashes.sessionHash(secret)));
        assertThat(c.getCreateSession().getExpiresAtMs()).isEqualTo(NOW_MS + 60_000);
        assertThat(new String(c.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
    }

    @Test
    void shouldRejectTtlOutsideTheConfiguredRange() {
        assertThat(reasonOf(() -> edge.createSession(header, "x".repeat(20), "a", 999)))
                .isEqualTo(ErrorReason.DURATION_OUT_OF_RANGE);
        assertThat(reasonOf(() -> edge.createSession(header, "x".repeat(20), "a", 0)))
                .isEqualTo(ErrorReason.FIELD_MISSING);
        assertThat(reasonOf(() -> edge.touchSession(header,
                SessionSelector.newBuilder().setSessionId("x".repeat(20)).build(), 31L * 86_400_000)))
                .isEqualTo(ErrorReason.DURATION_OUT_OF_RANGE);
    }

    @Test
    void shouldRejectMalformedSelectorsAndIds() {
        assertThat(reasonOf(() -> EdgeCommands.sessionHash(SessionSelector.getDefaultInstance(), "session")))
                .isEqualTo(ErrorReason.FIELD_MISSING);
        assertThat(reasonOf(() -> EdgeCommands.sessionHash(
                SessionSelector.newBuilder().setSessionRef("ABC").build(), "session"))).isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(reasonOf(() -> EdgeCommands.checkSessionId("session_id", "has space in it 123")))
                .isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(reasonOf(() -> EdgeCommands.checkSessionId("session_id", "x".repeat(129))))
                .isEqualTo(ErrorReason.FIELD_TOO_LONG);
        assertThatThrownBy(() -> edge.header("a", WriteOptions.newBuilder().setRequestId("no spaces").build(), NOW_MS))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_REQUEST_ID));
    }

    @Test
    void shouldBuildRevocationsPerTargetWithDefaultRetention() {
        final Command token = edge.revoke(header, RevokeRequest.newBuilder().setTarget(RevocationTarget.newBuilder()
                .setToken(TokenRef.newBuilder().setIssuer("iss").setTokenId("jti"))).build());
        assertThat(token.getRevoke().getKind()).isEqualTo(RevocationKind.REVOCATION_KIND_TOKEN);
        assertThat(token.getRevoke().getKeyHash()).isEqualTo(ByteString.copyFrom(Hashes.tokenHash("iss", "jti")));
        assertThat(token.getRevoke().getExpiresAtMs()).isEqualTo(NOW_MS + 7L * 86_400_000);

        final Command subject = edge.revoke(header, RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setSubject("bob")).build());
        assertThat(subject.getRevoke().getNotBeforeMs()).as("0 means now").isEqualTo(NOW_MS);

        assertThat(reasonOf(() -> edge.revoke(header, RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setApiKeyId("k")).setNotBeforeMs(5).build())))
                .isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(reasonOf(() -> edge.revoke(header, RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setApiKeyId("k")).setExpiresAtMs(NOW_MS).build())))
                .isEqualTo(ErrorReason.EXPIRY_IN_PAST);
    }
}
