package io.bulwark.node.cluster;

import com.google.rpc.ErrorInfo;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetApplyTimesRequest;
import io.bulwark.api.v1.GetApplyTimesResponse;
import io.bulwark.api.v1.GetStateDigestRequest;
import io.bulwark.api.v1.GetStateDigestResponse;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.SessionState;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TransferLeadershipRequest;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TokenRef;
import io.bulwark.api.v1.WriteResult;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.bulwark.node.cluster.Rpc.atLeast;
import static io.bulwark.node.cluster.Rpc.expectError;
import static io.bulwark.node.cluster.Rpc.linearizable;
import static io.bulwark.node.cluster.Rpc.newWriteId;
import static io.bulwark.node.cluster.Rpc.sessionId;
import static io.bulwark.node.cluster.Rpc.writeId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios on one shared real 3-node cluster (process per node). Ordered: the read/write and
 * bad-input scenarios run on a healthy cluster first, then the ones that kill and restart nodes.
 * A small snapshot threshold and log segments make snapshots, log purges and snapshot installs
 * happen within a few hundred writes.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterIntegrationTest {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);
    private static final long TTL_MS = TimeUnit.HOURS.toMillis(1);

    private LocalClusterFixture cluster;
    /** Every session whose create was acknowledged, with the index it was applied at. */
    private final List<String> acknowledged = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void startCluster() throws Exception {
        cluster = new LocalClusterFixture(3, Map.of(
                "raft.snapshot.auto.threshold", "100",
                // By entry count alone (no wait for the log to grow with the rows), so the catch-up test
                // knows a snapshot falls within a threshold of its last write.
                "raft.snapshot.auto.log.percent", "0",
                "raft.snapshot.retain", "2",
                "raft.log.segment.size.max", "65536",
                "writes.batch.max.bytes", "65536",
                "raft.log.purge.gap", "16",
                // The leader's purge would move the applied index under the bad-input assertions.
                "purge.interval", "1h"));
        cluster.startAll(LEADER_TIMEOUT);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private CreateSessionResponse create(int node, String id) {
        final CreateSessionResponse r = cluster.sessions(node).createSession(CreateSessionRequest.newBuilder()
                .setSessionId(id).setSubject(subjectOf(id)).setTtlMs(TTL_MS).setWrite(newWriteId()).build());
        synchronized (acknowledged) {
            acknowledged.add(id);
        }
        return r;
    }

    /** One subject per session: a subject may hold only so many live sessions. */
    private static String subjectOf(String sessionId) {
        return "user-" + sessionId;
    }

    private CheckResponse check(int node, String id, ReadOptions read) {
        return cluster.checks(node).check(CheckRequest.newBuilder().setSessionId(id).setRead(read).build());
    }

    private static SessionSelector byId(String id) {
        return SessionSelector.newBuilder().setSessionId(id).build();
    }

    @Test
    @Order(1)
    void shouldMakeAWriteOnAnyNodeVisibleOnAll() {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int follower = cluster.otherThan(leader);
        final String id = sessionId("visible");
        final CreateSessionResponse created = create(follower, id);
        assertThat(created.getWrite().getAppliedIndex()).isPositive();
        assertThat(created.getSession().getSessionId()).isEqualTo(id);
        assertThat(created.getSession().getSessionRef()).hasSize(64).doesNotContain(id);
        // The follower handed the write to the leader's group commit rather than proposing an entry of its own.
        assertThat(cluster.log(follower)).contains("forwarding writes to the leader's API at");

        for (int n = 0; n < cluster.size(); n++) {
            final CheckResponse c = check(n, id, atLeast(created.getWrite().getAppliedIndex()));
            assertThat(c.getDecision()).as("check on node %d", n).isEqualTo(Decision.DECISION_ALLOW);
            assertThat(c.getReasonsList()).contains(ReasonCode.REASON_SESSION_ACTIVE);
            assertThat(c.getSubject()).isEqualTo(subjectOf(id));
            assertThat(c.getNodeId()).isEqualTo(cluster.nodeId(n));
            assertThat(c.getAppliedIndex()).isGreaterThanOrEqualTo(created.getWrite().getAppliedIndex());
        }
        // LOCAL reads converge too, without a token (bounded poll: replication lag only).
        for (int n = 0; n < cluster.size(); n++) {
            final int node = n;
            LocalClusterFixture.awaitCondition(Duration.ofSeconds(10), "LOCAL visibility on node " + n,
                    () -> check(node, id, ReadOptions.getDefaultInstance()).getDecision() == Decision.DECISION_ALLOW);
        }
    }

    @Test
    @Order(2)
    void shouldReadYourWritesThroughAtLeastAndLinearizableOnFollowers() {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int follower = cluster.otherThan(leader);
        final String id = sessionId("ryw");
        final long beforeUs = java.time.Instant.now().toEpochMilli() * 1_000;
        create(leader, id);
        final WriteResult revoked = cluster.sessions(leader).revokeSession(RevokeSessionRequest.newBuilder()
                .setSession(byId(id)).setWrite(newWriteId()).build()).getWrite();

        final CheckResponse atLeast = check(follower, id, atLeast(revoked.getAppliedIndex()));
        assertThat(atLeast.getDecision()).isEqualTo(Decision.DECISION_DENY);
        assertThat(atLeast.getReasonsList().get(0)).isEqualTo(ReasonCode.REASON_SESSION_REVOKED);
        assertThat(atLeast.getAppliedIndex()).isGreaterThanOrEqualTo(revoked.getAppliedIndex());

        for (int n = 0; n < cluster.size(); n++) {
            final CheckResponse lin = check(n, id, linearizable());
            assertThat(lin.getDecision()).as("linearizable check on %d", n).isEqualTo(Decision.DECISION_DENY);
            assertThat(lin.getAppliedIndex()).isGreaterThanOrEqualTo(revoked.getAppliedIndex());
        }
        // Every node applied the revocation by now, and says when (its own clock); an index it never
        // reached answers 0.
        final long afterUs = (java.time.Instant.now().toEpochMilli() + 1) * 1_000;
        for (int n = 0; n < cluster.size(); n++) {
            final GetApplyTimesResponse times = cluster.cluster(n).getApplyTimes(GetApplyTimesRequest.newBuilder()
                    .addIndexes(revoked.getAppliedIndex()).addIndexes(revoked.getAppliedIndex() + 1_000_000).build());
            assertThat(times.getNodeId()).isEqualTo(cluster.nodeId(n));
            assertThat(times.getAppliedAtUsList()).as("apply times on node %d", n).hasSize(2);
            assertThat(times.getAppliedAtUs(0)).as("revocation applied on node %d", n).isBetween(beforeUs, afterUs);
            assertThat(times.getAppliedAtUs(1)).isZero();
        }
        final GetApplyTimesRequest.Builder tooMany = GetApplyTimesRequest.newBuilder();
        for (int i = 1; i <= 4_097; i++) {
            tooMany.addIndexes(i);
        }
        final com.google.rpc.ErrorInfo refused = expectError(Status.Code.INVALID_ARGUMENT,
                () -> cluster.cluster(follower).getApplyTimes(tooMany.build()));
        assertThat(refused.getReason()).isEqualTo("FIELD_TOO_LONG");
        assertThat(refused.getMetadataMap()).containsEntry("field", "indexes").containsEntry("max", "4096");
        assertThat(cluster.sessions(follower).getSession(GetSessionRequest.newBuilder()
                .setSession(byId(id)).setRead(atLeast(revoked.getAppliedIndex())).build())
                .getSession().getState()).isEqualTo(SessionState.SESSION_STATE_REVOKED);
    }

    @Test
    @Order(3)
    void shouldTimeOutAnAtLeastReadForAnIndexNeverReached() {
        // The node answers a quarter of the deadline (at most 250 ms) early with its reason; 2 s
        // leaves that margin wide enough for a loaded CI box.
        final ErrorInfo info = expectError(Status.Code.DEADLINE_EXCEEDED, () -> cluster.checks(0)
                .withDeadlineAfter(2, TimeUnit.SECONDS)
                .check(CheckRequest.newBuilder().setSessionId(sessionId("far"))
                        .setRead(atLeast(Long.MAX_VALUE / 2)).build()));
        assertThat(info.getReason()).isEqualTo("INDEX_WAIT_TIMEOUT");
    }

    @Test
    @Order(4)
    void shouldApplyARetriedWriteOnce() {
        final String requestId = "retry-" + System.nanoTime();
        final String id = sessionId("retry");
        final CreateSessionRequest request = CreateSessionRequest.newBuilder()
                .setSessionId(id).setSubject("bob").setTtlMs(TTL_MS).setWrite(writeId(requestId)).build();
        final CreateSessionResponse first = cluster.sessions(0).createSession(request);
        // The same request id through another node, as an SDK retry after failover would send it.
        final CreateSessionResponse second = cluster.sessions(1).createSession(request);
        acknowledged.add(id);
        assertThat(first.getWrite().getDuplicate()).isFalse();
        assertThat(second.getWrite().getDuplicate()).isTrue();
        assertThat(second.getWrite().getAppliedIndex()).isEqualTo(first.getWrite().getAppliedIndex());
        assertThat(second.getSession().getSessionRef()).isEqualTo(first.getSession().getSessionRef());
    }

    @Test
    @Order(5)
    void shouldRejectBadInputWithAReasonAndWriteNothing() {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final long before = cluster.cluster(leader).status(StatusRequest.getDefaultInstance()).getAppliedIndex();
        final var s = cluster.sessions(leader);

        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> s.createSession(CreateSessionRequest.newBuilder()
                .setSubject("").setTtlMs(TTL_MS).build())).getReason()).isEqualTo("FIELD_MISSING");
        final ErrorInfo longSubject = expectError(Status.Code.INVALID_ARGUMENT, () -> s.createSession(
                CreateSessionRequest.newBuilder().setSubject("x".repeat(300)).setTtlMs(TTL_MS).build()));
        assertThat(longSubject.getReason()).isEqualTo("FIELD_TOO_LONG");
        assertThat(longSubject.getMetadataMap()).containsEntry("field", "subject");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> s.createSession(CreateSessionRequest.newBuilder()
                .setSessionId("short").setSubject("a").setTtlMs(TTL_MS).build())).getReason()).isEqualTo("FIELD_MALFORMED");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> s.createSession(CreateSessionRequest.newBuilder()
                .setSubject("a").setTtlMs(10).build())).getReason()).isEqualTo("DURATION_OUT_OF_RANGE");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> s.createSession(CreateSessionRequest.newBuilder()
                .setSubject("a").setTtlMs(TTL_MS).setWrite(writeId("bad id!")).build())).getReason())
                .isEqualTo("INVALID_REQUEST_ID");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> s.getSession(GetSessionRequest.newBuilder()
                .setSession(byId("")).build())).getReason()).isEqualTo("FIELD_MISSING");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> s.getSession(GetSessionRequest.newBuilder()
                .setSession(byId(sessionId("enum"))).setRead(ReadOptions.newBuilder().setConsistencyValue(99)).build()))
                .getReason()).isEqualTo("UNKNOWN_ENUM_VALUE");

        final var r = cluster.revocations(leader);
        final RevocationTarget token = RevocationTarget.newBuilder()
                .setToken(TokenRef.newBuilder().setIssuer("https://issuer").setTokenId("jti-1")).build();
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> r.revoke(RevokeRequest.newBuilder()
                .setTarget(token).setExpiresAtMs(1_000).build())).getReason()).isEqualTo("EXPIRY_IN_PAST");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> r.revoke(RevokeRequest.newBuilder()
                .setTarget(token).setReasonValue(99).build())).getReason()).isEqualTo("UNKNOWN_ENUM_VALUE");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> r.revoke(RevokeRequest.newBuilder().build()))
                .getReason()).isEqualTo("FIELD_MISSING");
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> r.revoke(RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setToken(TokenRef.newBuilder().setIssuer("i")))
                .build())).getReason()).isEqualTo("FIELD_MISSING");

        final var c = cluster.checks(leader);
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> c.check(CheckRequest.newBuilder()
                .setToken(TokenClaims.newBuilder().setIssuer("i").setTokenId("t").setSubject("s")
                        .setIssuedAtMs(2_000).setExpiresAtMs(1_000)).build())).getReason()).isEqualTo("MALFORMED_TOKEN");
        final ErrorInfo tooLarge = expectError(Status.Code.INVALID_ARGUMENT, () -> s.createSession(
                CreateSessionRequest.newBuilder().setSubject("a".repeat(20_000)).setTtlMs(TTL_MS).build()));
        assertThat(tooLarge.getReason()).isEqualTo("MESSAGE_TOO_LARGE");

        final long after = cluster.cluster(leader).status(StatusRequest.getDefaultInstance()).getAppliedIndex();
        assertThat(after).as("applied index after rejected writes").isEqualTo(before);
    }

    @Test
    @Order(9)
    void shouldReportEqualDigestsAtEqualIndexesAndADifferentOneWhileANodeMissedEntries() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        long written = 0;
        for (int i = 0; i < 5; i++) {
            written = create(leader, sessionId("digest-a-" + i)).getWrite().getAppliedIndex();
        }
        final List<GetStateDigestResponse> before = awaitDigestsAtOneIndex(written);
        assertThat(before).extracting(GetStateDigestResponse::getDigest).as("digests at index %d",
                before.get(0).getAppliedIndex()).containsOnly(before.get(0).getDigest());
        assertThat(before.get(0).getDigest()).matches("sha256:[0-9a-f]{64}");

        final int lagging = cluster.otherThan(leader);
        final GetStateDigestResponse stale = digestOf(lagging);
        cluster.kill(lagging);
        for (int i = 0; i < 20; i++) {
            written = create(leader, sessionId("digest-b-" + i)).getWrite().getAppliedIndex();
        }
        final long target = written;
        final int other = otherThan(leader, lagging);
        final GetStateDigestResponse[] live = new GetStateDigestResponse[1];
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(30), "the two live nodes at one index", () -> {
            final GetStateDigestResponse a = digestOrNull(leader);
            final GetStateDigestResponse b = digestOrNull(other);
            if (a == null || b == null || a.getAppliedIndex() < target || a.getAppliedIndex() != b.getAppliedIndex()) {
                return false;
            }
            assertThat(b.getDigest()).as("digest of the second live node").isEqualTo(a.getDigest());
            live[0] = a;
            return true;
        });
        assertThat(stale.getAppliedIndex()).isLessThan(live[0].getAppliedIndex());
        assertThat(stale.getDigest()).as("the node that missed 20 writes").isNotEqualTo(live[0].getDigest());

        cluster.start(lagging);
        // Until it has caught up, every digest the restarted node reports at a lower index differs;
        // once all three agree on an index, the digests are equal again (no write happened since).
        final List<GetStateDigestResponse> catchingUp = new ArrayList<>();
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(60), "the restarted node to catch up", () -> {
            final GetStateDigestResponse d = digestOrNull(lagging);
            if (d == null) {
                return false;
            }
            catchingUp.add(d);
            return d.getAppliedIndex() >= live[0].getAppliedIndex();
        });
        // Entries after the last write (an election's no-op) change no table, so only below it must differ.
        assertThat(catchingUp).filteredOn(d -> d.getAppliedIndex() < target)
                .extracting(GetStateDigestResponse::getDigest).doesNotContain(live[0].getDigest());
        final List<GetStateDigestResponse> after = awaitDigestsAtOneIndex(live[0].getAppliedIndex());
        assertThat(after).extracting(GetStateDigestResponse::getDigest).containsOnly(live[0].getDigest());
    }

    private GetStateDigestResponse digestOf(int node) {
        return cluster.cluster(node).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getStateDigest(GetStateDigestRequest.getDefaultInstance());
    }

    private GetStateDigestResponse digestOrNull(int node) {
        try {
            return digestOf(node);
        } catch (io.grpc.StatusRuntimeException e) {
            return null;
        }
    }

    private int otherThan(int a, int b) {
        for (int i = 0; i < cluster.size(); i++) {
            if (i != a && i != b) {
                return i;
            }
        }
        throw new IllegalStateException("no third node");
    }

    /** Every node's digest, polled until all report one applied index at or above {@code minIndex}. */
    private List<GetStateDigestResponse> awaitDigestsAtOneIndex(long minIndex) {
        final List<GetStateDigestResponse> out = new ArrayList<>();
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(60), "every node at one applied index >= " + minIndex,
                () -> {
                    out.clear();
                    for (int i = 0; i < cluster.size(); i++) {
                        final GetStateDigestResponse d = digestOrNull(i);
                        if (d == null || d.getAppliedIndex() < minIndex
                                || (!out.isEmpty() && out.get(0).getAppliedIndex() != d.getAppliedIndex())) {
                            return false;
                        }
                        out.add(d);
                    }
                    return true;
                });
        return List.copyOf(out);
    }

    @Test
    @Order(10)
    void shouldElectANewLeaderAndKeepAcknowledgedWritesWhenTheLeaderIsKilled() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        for (int i = 0; i < 5; i++) {
            create(leader, sessionId("pre-kill"));
        }
        cluster.kill(leader);
        final int newLeader = cluster.awaitLeader(LEADER_TIMEOUT);
        assertThat(newLeader).isNotEqualTo(leader);
        final int follower = cluster.otherThan(newLeader);
        final CreateSessionResponse after = create(follower, sessionId("post-kill"));
        assertAllAcknowledgedVisible(follower, after.getWrite().getAppliedIndex());

        cluster.start(leader);
        cluster.awaitLeader(LEADER_TIMEOUT);
        // The restarted node catches up from the log (or a snapshot) and answers for every write.
        assertAllAcknowledgedVisible(leader, after.getWrite().getAppliedIndex());
    }

    @Test
    @Order(11)
    void shouldCatchUpByInstallingASnapshotAfterMissingPurgedLog() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int down = cluster.otherThan(leader);
        cluster.kill(down);
        final int up = cluster.otherThan(down);
        long last = 0;
        // Several snapshots' worth of entries (threshold 100) and log segments (64 KiB, ≈ 300 of these
        // one-write entries) so the leader purges past what the stopped member holds.
        for (int i = 0; i < 1200; i++) {
            last = create(i % 2 == 0 ? leader : up, sessionId("while-down-" + i)).getWrite().getAppliedIndex();
        }
        final long lastIndex = last;
        // Within a threshold (100) plus the member's snapshot stagger (up to 2/3 of it) of the last write.
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(30), "a snapshot past the writes on the leader",
                () -> {
                    final var s = cluster.statusOrNull(leader);
                    return s != null && s.getSnapshotIndex() >= lastIndex - 200;
                });
        cluster.start(down);
        cluster.awaitLeader(LEADER_TIMEOUT);
        assertAllAcknowledgedVisible(down, lastIndex);
        assertThat(cluster.log(down)).contains("snapshot installed from the leader");
    }

    @Test
    @Order(12)
    void shouldKeepEveryAcknowledgedWriteAcrossAFullClusterRestart() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final long last = create(leader, sessionId("pre-restart")).getWrite().getAppliedIndex();
        for (int i = 0; i < cluster.size(); i++) {
            cluster.kill(i);
        }
        for (int i = 0; i < cluster.size(); i++) {
            cluster.start(i);
        }
        cluster.awaitLeader(LEADER_TIMEOUT);
        for (int n = 0; n < cluster.size(); n++) {
            assertAllAcknowledgedVisible(n, last);
        }
    }

    @Test
    @Order(13)
    void shouldExitZeroOnSigterm() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int victim = cluster.otherThan(leader);
        assertThat(cluster.stop(victim)).isZero();
        assertThat(cluster.log(victim)).contains("bulwark-node " + cluster.nodeId(victim) + " stopped");
        cluster.start(victim);
        cluster.awaitLeader(LEADER_TIMEOUT);
    }

    @Test
    @Order(6)
    void shouldReportStatusHealthAndRunAdminOperations() {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final StatusResponse status = cluster.cluster(leader).status(StatusRequest.getDefaultInstance());
        assertThat(status.getRole()).isEqualTo(NodeRole.NODE_ROLE_LEADER);
        assertThat(status.getMembersList()).hasSize(3).allSatisfy(m -> {
            assertThat(m.getApiAddress()).startsWith("127.0.0.1:");
            assertThat(m.getRaftAddress()).startsWith("127.0.0.1:");
        });
        assertThat(status.getMembersList()).anySatisfy(m -> assertThat(m.getApiAddress())
                .isEqualTo("127.0.0.1:" + cluster.channel(leader).authority().split(":")[1]));
        assertThat(status.getTableRowsMap()).containsKey("sessions");
        assertThat(status.getTableRowsMap().get("sessions")).isPositive();
        assertThat(status.getServingLocalReads()).isTrue();
        assertThat(status.getLeaderContactAgeMs()).isBetween(0L, 5_000L);
        assertThat(HealthGrpc.newBlockingStub(cluster.channel(leader)).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);

        final int follower = cluster.otherThan(leader);
        final long snapshotIndex = cluster.cluster(follower).snapshot(SnapshotRequest.getDefaultInstance())
                .getSnapshotIndex();
        assertThat(snapshotIndex).isPositive();
        assertThat(cluster.cluster(follower).status(StatusRequest.getDefaultInstance()).getSnapshotIndex())
                .isEqualTo(snapshotIndex);

        final String target = cluster.nodeId(follower);
        assertThat(cluster.cluster(follower).transferLeadership(TransferLeadershipRequest.newBuilder()
                .setNodeId(target).setTimeoutMs(10_000).build()).getLeaderId()).isEqualTo(target);
        assertThat(cluster.awaitLeader(LEADER_TIMEOUT)).isEqualTo(follower);
        assertThat(expectError(Status.Code.INVALID_ARGUMENT, () -> cluster.cluster(follower).transferLeadership(
                TransferLeadershipRequest.newBuilder().setNodeId("nobody").build())).getReason())
                .isEqualTo("FIELD_MALFORMED");
    }

    @Test
    @Order(7)
    void shouldPackConcurrentWritesIntoSharedLogEntries() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int follower = cluster.otherThan(leader);
        final var stub = SessionServiceGrpc.newFutureStub(cluster.channel(follower)).withDeadlineAfter(30, TimeUnit.SECONDS);
        final List<String> ids = new ArrayList<>();
        final List<com.google.common.util.concurrent.ListenableFuture<CreateSessionResponse>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            final String id = sessionId("burst-" + i);
            ids.add(id);
            calls.add(stub.createSession(CreateSessionRequest.newBuilder().setSessionId(id).setSubject(subjectOf(id))
                    .setTtlMs(TTL_MS).setWrite(newWriteId()).build()));
        }
        final java.util.Set<Long> indexes = new java.util.HashSet<>();
        for (var call : calls) {
            final CreateSessionResponse r = call.get(30, TimeUnit.SECONDS);
            assertThat(r.getWrite().getDuplicate()).isFalse();
            indexes.add(r.getWrite().getAppliedIndex());
        }
        synchronized (acknowledged) {
            acknowledged.addAll(ids);
        }
        // Group commit: 200 concurrent writes share far fewer log entries, each still with its own result.
        System.out.println("group commit: 200 concurrent writes in " + indexes.size() + " log entries");
        assertThat(indexes.size()).as("distinct log entries for 200 concurrent writes").isLessThan(150);
    }

    @Test
    @Order(8)
    void shouldSustainConcurrentWritesAndChecksWithoutErrors() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int follower = cluster.otherThan(leader);
        final int writes = 2_000;
        final int checks = 20_000;
        final List<String> ids = new ArrayList<>();
        final long w0 = System.nanoTime();
        final Throwable writeError = Load.run(writes, 64, i -> {
            final String id = sessionId("load-" + i);
            synchronized (ids) {
                ids.add(id);
            }
            return SessionServiceGrpc.newFutureStub(cluster.channel(i % 3)).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createSession(CreateSessionRequest.newBuilder().setSessionId(id).setSubject(subjectOf(id))
                            .setTtlMs(TTL_MS).setWrite(newWriteId()).build());
        });
        final double writeSecs = (System.nanoTime() - w0) / 1e9;
        assertThat(writeError).as("first write failure").isNull();
        synchronized (acknowledged) {
            acknowledged.addAll(ids);
        }
        final String known = ids.get(0);
        check(follower, known, linearizable());
        final long c0 = System.nanoTime();
        final Throwable checkError = Load.run(checks, 32, i -> CheckServiceGrpc.newFutureStub(cluster.channel(follower))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(CheckRequest.newBuilder().setSessionId(known).build()));
        final double checkSecs = (System.nanoTime() - c0) / 1e9;
        assertThat(checkError).as("first check failure").isNull();
        System.out.printf("load: %d writes (64 in flight, all nodes) in %.2fs = %.0f/s; %d LOCAL checks (32 in flight,"
                + " one follower) in %.2fs = %.0f/s%n", writes, writeSecs, writes / writeSecs, checks, checkSecs,
                checks / checkSecs);
    }

    @Test
    @Order(14)
    void shouldRefuseStaleLocalReadsAndLeaderlessWritesThenFailClosedIfConfigured() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int survivor = cluster.otherThan(leader);
        final String id = sessionId("stale");
        final long index = create(survivor, id).getWrite().getAppliedIndex();
        check(survivor, id, atLeast(index));
        for (int i = 0; i < cluster.size(); i++) {
            if (i != survivor) {
                cluster.kill(i);
            }
        }
        // Default max staleness 5s: the survivor stops serving LOCAL reads once it passes.
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(20), "survivor to stop serving LOCAL reads",
                () -> !cluster.cluster(survivor).status(StatusRequest.getDefaultInstance()).getServingLocalReads());
        assertThat(expectError(Status.Code.UNAVAILABLE, () -> check(survivor, id, ReadOptions.getDefaultInstance()))
                .getReason()).isEqualTo("STALE_REPLICA");
        // A token it has already reached still answers: AT_LEAST needs no leader.
        assertThat(check(survivor, id, atLeast(index)).getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(expectError(Status.Code.UNAVAILABLE, () -> cluster.sessions(survivor).createSession(
                CreateSessionRequest.newBuilder().setSessionId(sessionId("nowhere")).setSubject("x")
                        .setTtlMs(TTL_MS).setWrite(newWriteId()).build())).getReason()).isEqualTo("NO_LEADER");

        // Fail-closed mode: restarted alone, the node has no leader contact and denies.
        cluster.kill(survivor);
        cluster.reconfigure(survivor, Map.of("reads.stale.mode", "fail-closed"));
        cluster.start(survivor);
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(30), "survivor to answer checks", () -> {
            try {
                final CheckResponse c = check(survivor, id, ReadOptions.getDefaultInstance());
                return c.getDecision() == Decision.DECISION_DENY
                        && c.getReasonsList().equals(List.of(ReasonCode.REASON_STALE_REPLICA));
            } catch (io.grpc.StatusRuntimeException e) {
                return false;
            }
        });
        for (int i = 0; i < cluster.size(); i++) {
            if (!cluster.isRunning(i)) {
                cluster.start(i);
            }
        }
        cluster.awaitLeader(LEADER_TIMEOUT);
        // Fresh again only once it has heard from the leader and applied what was committed then.
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(20), "survivor to serve LOCAL reads again",
                () -> cluster.cluster(survivor).status(StatusRequest.getDefaultInstance()).getServingLocalReads());
        assertThat(check(survivor, id, ReadOptions.getDefaultInstance()).getDecision())
                .isEqualTo(Decision.DECISION_ALLOW);
    }

    private void assertAllAcknowledgedVisible(int node, long minIndex) {
        final List<String> ids;
        synchronized (acknowledged) {
            ids = List.copyOf(acknowledged);
        }
        for (String id : ids) {
            final CheckResponse c = check(node, id, atLeast(minIndex));
            assertThat(c.getReasonsList()).as("session %s on node %d", id.substring(0, 8), node)
                    .doesNotContain(ReasonCode.REASON_SESSION_NOT_FOUND);
        }
    }
}
