package io.bulwark.node.cluster;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.ListSessionsRequest;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SessionState;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TokenRef;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.TouchSessionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.bulwark.node.cluster.Rpc.expectError;
import static io.bulwark.node.cluster.Rpc.linearizable;
import static io.bulwark.node.cluster.Rpc.newWriteId;
import static io.bulwark.node.cluster.Rpc.sessionId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API surface end to end on a one-node cluster (its own majority): session lifecycle, token and
 * subject revocation as checks see them, and the leader's periodic purge of expired rows.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleNodeIntegrationTest {

    private LocalClusterFixture cluster;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void start() throws Exception {
        cluster = new LocalClusterFixture(1, Map.of("purge.interval", "500ms", "sessions.ttl.min", "1s"));
        cluster.startAll(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRunASessionLifecycle() {
        final String id = sessionId("life");
        final CreateSessionResponse created = cluster.sessions(0).createSession(CreateSessionRequest.newBuilder()
                .setSessionId(id).setSubject("carol").setTtlMs(60_000).setWrite(newWriteId()).build());
        final SessionSelector byRef = SessionSelector.newBuilder()
                .setSessionRef(created.getSession().getSessionRef()).build();

        final TouchSessionResponse touched = cluster.sessions(0).touchSession(TouchSessionRequest.newBuilder()
                .setSession(byRef).setTtlMs(120_000).setWrite(newWriteId()).build());
        assertThat(touched.getWrite().getAppliedIndex()).isGreaterThan(created.getWrite().getAppliedIndex());
        assertThat(touched.getSession().getExpiresAtMs()).isGreaterThan(created.getSession().getExpiresAtMs());
        assertThat(touched.getSession().getSessionId()).isEmpty();

        final ListSessionsResponse listed = cluster.sessions(0).listSessions(ListSessionsRequest.newBuilder()
                .setSubject("carol").setRead(linearizable()).build());
        assertThat(listed.getSessionsList()).extracting(s -> s.getSessionRef())
                .containsExactly(created.getSession().getSessionRef());
        assertThat(listed.getSessionsList().get(0).getSessionId()).isEmpty();
        assertThat(listed.getMeta().getNodeId()).isEqualTo("n1");

        final var revoked = cluster.revocations(0).revoke(RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setSession(byRef))
                .setReason(RevocationReason.REVOCATION_REASON_LOGOUT).setWrite(newWriteId()).build());
        assertThat(cluster.sessions(0).getSession(GetSessionRequest.newBuilder().setSession(byRef)
                .setRead(Rpc.atLeast(revoked.getWrite().getAppliedIndex())).build()).getSession().getState())
                .isEqualTo(SessionState.SESSION_STATE_REVOKED);
        assertThat(expectError(Status.Code.FAILED_PRECONDITION, () -> cluster.sessions(0).touchSession(
                TouchSessionRequest.newBuilder().setSession(byRef).setWrite(newWriteId()).build())).getReason())
                .isEqualTo("SESSION_NOT_ACTIVE");
        // A revoked session id cannot be reused (its row still exists); nor can a live one be created twice.
        assertThat(expectError(Status.Code.ALREADY_EXISTS, () -> cluster.sessions(0).createSession(
                CreateSessionRequest.newBuilder().setSessionId(id).setSubject("carol").setTtlMs(60_000)
                        .setWrite(newWriteId()).build())).getReason()).isEqualTo("SESSION_EXISTS");
        final CreateSessionRequest twice = CreateSessionRequest.newBuilder().setSessionId(sessionId("twice"))
                .setSubject("carol").setTtlMs(60_000).build();
        cluster.sessions(0).createSession(twice.toBuilder().setWrite(newWriteId()).build());
        assertThat(expectError(Status.Code.ALREADY_EXISTS, () -> cluster.sessions(0).createSession(
                twice.toBuilder().setWrite(newWriteId()).build())).getReason()).isEqualTo("SESSION_EXISTS");
    }

    @Test
    void shouldDenyRevokedTokensAndTokensBeforeTheSubjectCutOff() {
        final long now = System.currentTimeMillis();
        final TokenClaims claims = TokenClaims.newBuilder().setIssuer("https://idp").setTokenId("jti-7")
                .setSubject("dave").setIssuedAtMs(now - 60_000).setExpiresAtMs(now + 3_600_000).build();
        final CheckRequest check = CheckRequest.newBuilder().setToken(claims).setRead(linearizable()).build();
        final CheckResponse before = cluster.checks(0).check(check);
        assertThat(before.getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(before.getReasonsList()).containsExactly(ReasonCode.REASON_TOKEN_VALID);

        final RevocationTarget token = RevocationTarget.newBuilder()
                .setToken(TokenRef.newBuilder().setIssuer("https://idp").setTokenId("jti-7")).build();
        cluster.revocations(0).revoke(RevokeRequest.newBuilder().setTarget(token)
                .setReason(RevocationReason.REVOCATION_REASON_COMPROMISED).setWrite(newWriteId()).build());
        final CheckResponse after = cluster.checks(0).check(check);
        assertThat(after.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(after.getReasonsList().get(0)).isEqualTo(ReasonCode.REASON_TOKEN_REVOKED);
        final GetRevocationResponse got = cluster.revocations(0).getRevocation(GetRevocationRequest.newBuilder()
                .setTarget(token).setRead(linearizable()).build());
        assertThat(got.getRevoked()).isTrue();
        assertThat(got.getReason()).isEqualTo(RevocationReason.REVOCATION_REASON_COMPROMISED);

        final TokenClaims other = claims.toBuilder().setTokenId("jti-8").build();
        cluster.revocations(0).revoke(RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setSubject("dave")).setWrite(newWriteId()).build());
        final CheckResponse cut = cluster.checks(0).check(check.toBuilder().setToken(other).build());
        assertThat(cut.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(cut.getReasonsList()).contains(ReasonCode.REASON_SUBJECT_NOT_BEFORE);
    }

    @Test
    void shouldNeverWriteASessionIdToTheRaftLogOrSnapshots() throws Exception {
        final String id = sessionId("never-on-disk");
        cluster.sessions(0).createSession(CreateSessionRequest.newBuilder()
                .setSessionId(id).setSubject("frank").setTtlMs(60_000).setWrite(newWriteId()).build());
        cluster.revocations(0).revoke(RevokeRequest.newBuilder().setTarget(RevocationTarget.newBuilder()
                .setSession(SessionSelector.newBuilder().setSessionId(id))).setWrite(newWriteId()).build());
        cluster.cluster(0).snapshot(io.bulwark.api.v1.SnapshotRequest.getDefaultInstance());
        final byte[] needle = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final java.util.List<java.nio.file.Path> files;
        try (var walk = java.nio.file.Files.walk(cluster.dataDir(0))) {
            files = walk.filter(java.nio.file.Files::isRegularFile).toList();
        }
        assertThat(files).anySatisfy(f -> assertThat(f.getFileName().toString()).startsWith("log_"));
        assertThat(files).anySatisfy(f -> assertThat(f.getFileName().toString()).startsWith("snapshot."));
        for (java.nio.file.Path f : files) {
            final byte[] bytes = java.nio.file.Files.readAllBytes(f);
            assertThat(indexOf(bytes, needle)).as("session id bytes in %s", f.getFileName()).isEqualTo(-1);
        }
        assertThat(cluster.log(0)).doesNotContain(id);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRefuseToStartFromACorruptSnapshot() throws Exception {
        try (LocalClusterFixture own = new LocalClusterFixture(1, Map.of())) {
            own.startAll(Duration.ofSeconds(60));
            own.sessions(0).createSession(CreateSessionRequest.newBuilder().setSessionId(sessionId("corrupt"))
                    .setSubject("gina").setTtlMs(60_000).setWrite(newWriteId()).build());
            own.cluster(0).snapshot(io.bulwark.api.v1.SnapshotRequest.getDefaultInstance());
            assertThat(own.stop(0)).isZero();
            final java.nio.file.Path snapshot;
            try (var walk = java.nio.file.Files.walk(own.dataDir(0))) {
                snapshot = walk.filter(f -> f.getFileName().toString().matches("snapshot\\.\\d+_\\d+"))
                        .findFirst().orElseThrow();
            }
            final byte[] bytes = java.nio.file.Files.readAllBytes(snapshot);
            bytes[bytes.length / 2] ^= 0x5A;
            java.nio.file.Files.write(snapshot, bytes);
            own.start(0);
            assertThat(own.awaitExit(0, Duration.ofSeconds(60))).as("exit code").isEqualTo(1);
            assertThat(own.log(0)).contains("fails its MD5 check");
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void shouldPurgeExpiredSessionsThroughTheLeadersPeriodicCommand() {
        final String id = sessionId("short");
        final SessionSelector selector = SessionSelector.newBuilder().setSessionId(id).build();
        cluster.sessions(0).createSession(CreateSessionRequest.newBuilder()
                .setSessionId(id).setSubject("erin").setTtlMs(1_000).setWrite(newWriteId()).build());
        // Expired rows read as EXPIRED until the purge removes them; then they are gone.
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(20), "the expired session to be purged", () -> {
            try {
                cluster.sessions(0).getSession(GetSessionRequest.newBuilder()
                        .setSession(selector).setRead(linearizable()).build());
                return false;
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() == Status.Code.NOT_FOUND;
            }
        });
        assertThat(cluster.log(0)).contains("purged");
    }
}
