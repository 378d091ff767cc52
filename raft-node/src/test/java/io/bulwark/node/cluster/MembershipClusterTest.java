package io.bulwark.node.cluster;

import com.google.rpc.ErrorInfo;
import io.bulwark.api.v1.AddMemberRequest;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.MembershipResponse;
import io.bulwark.api.v1.RemoveMemberRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SessionState;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.StatusResponse;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Membership changes through Ratis on real node JVMs: three founders and one spare started with
 * {@code cluster.join=true}. The spare must not form a group of its own, must catch up once added
 * (here by snapshot install: the founders' log is purged past the start), and must then serve reads
 * at the current index; members are then removed one by one, the leader first, while the cluster
 * keeps accepting writes, down to the last member, which cannot be removed.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MembershipClusterTest {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);
    private static final int SPARE = 3;

    private LocalClusterFixture cluster;

    @BeforeAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void startCluster() throws Exception {
        cluster = new LocalClusterFixture(4, 3, Map.of(
                "raft.snapshot.auto.threshold", "50",
                "raft.snapshot.retain", "2",
                "raft.log.segment.size.max", "65536",
                "writes.batch.max.bytes", "65536",
                "raft.log.purge.gap", "16",
                "purge.interval", "1h"));
        cluster.startAll(LEADER_TIMEOUT);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldAddAJoiningNodeThatServesCurrentReadsThenRemoveMembersWhileWritesContinue() throws Exception {
        final int leader = cluster.awaitLeader(LEADER_TIMEOUT);
        final int follower = cluster.otherThan(leader);
        // Enough writes that snapshots are taken and the log is purged: the spare must install a snapshot.
        final List<String> sessions = new ArrayList<>();
        long token = 0;
        for (int i = 0; i < 120; i++) {
            final String id = sessionId("before-join-" + i);
            token = create(leader, id).getWrite().getAppliedIndex();
            sessions.add(id);
        }
        cluster.cluster(leader).snapshot(SnapshotRequest.getDefaultInstance());

        // The spare starts in join mode: it answers Status but has no configuration and no leader.
        cluster.start(SPARE);
        LocalClusterFixture.awaitCondition(Duration.ofSeconds(60), "the spare's API",
                () -> cluster.statusOrNull(SPARE) != null);
        final StatusResponse alone = cluster.statusOrNull(SPARE);
        assertThat(alone.getLeaderId()).as("a joining node forms no group of its own").isEmpty();
        assertThat(alone.getMembersList()).isEmpty();
        assertThat(alone.getAppliedIndex()).isZero();

        // Added through a follower: the follower passes the request on to the leader.
        final AddMemberRequest add = AddMemberRequest.newBuilder().setNodeId(cluster.nodeId(SPARE))
                .setRaftAddress(cluster.raftAddress(SPARE)).setApiAddress(cluster.apiAddress(SPARE))
                .setTimeoutMs(60_000).build();
        final MembershipResponse added = cluster.cluster(follower).withDeadlineAfter(90, TimeUnit.SECONDS)
                .addMember(add);
        assertThat(added.getChanged()).isTrue();
        assertThat(ids(added.getMembersList())).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");

        // A retry changes nothing and succeeds; the same id with another address is a conflict.
        final MembershipResponse again = cluster.cluster(leader).withDeadlineAfter(90, TimeUnit.SECONDS).addMember(add);
        assertThat(again.getChanged()).isFalse();
        assertThat(ids(again.getMembersList())).hasSize(4);
        final ErrorInfo conflict = expectError(Status.Code.ALREADY_EXISTS, () -> cluster.cluster(leader)
                .addMember(add.toBuilder().setRaftAddress("127.0.0.1:1").build()));
        assertThat(conflict.getReason()).isEqualTo("MEMBER_CONFLICT");

        // The new member serves reads at the current index: a session written before it joined, read at
        // AT_LEAST(the last token) and LINEARIZABLE on it; its Status lists four members.
        final String early = sessions.get(0);
        assertThat(getState(SPARE, early, atLeast(token))).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        assertThat(getState(SPARE, sessions.get(sessions.size() - 1), linearizable()))
                .isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        final StatusResponse joined = cluster.statusOrNull(SPARE);
        assertThat(joined.getAppliedIndex()).isGreaterThanOrEqualTo(token);
        assertThat(ids(joined.getMembersList())).hasSize(4);
        assertThat(joined.getSnapshotIndex()).as("caught up by snapshot install").isPositive();
        // And it accepts writes (its own Raft client sends them to the leader).
        final long viaSpare = create(SPARE, sessionId("via-spare")).getWrite().getAppliedIndex();
        assertThat(viaSpare).isGreaterThan(token);
        // Crashed and restarted with cluster.join=true still set, it recovers its membership from its own storage.
        cluster.kill(SPARE);
        cluster.start(SPARE);
        cluster.awaitLeader(LEADER_TIMEOUT);
        assertThat(ids(cluster.statusOrNull(SPARE).getMembersList())).hasSize(4);
        assertThat(getState(SPARE, early, atLeast(viaSpare))).isEqualTo(SessionState.SESSION_STATE_ACTIVE);

        // Remove the leader, through the new member; the rest elect a leader and keep accepting writes.
        final int oldLeader = cluster.awaitLeader(LEADER_TIMEOUT);
        final MembershipResponse removed = remove(SPARE, cluster.nodeId(oldLeader));
        assertThat(removed.getChanged()).isTrue();
        assertThat(ids(removed.getMembersList())).hasSize(3).doesNotContain(cluster.nodeId(oldLeader));
        cluster.kill(oldLeader);
        final int newLeader = cluster.awaitLeader(LEADER_TIMEOUT);
        assertThat(newLeader).isNotEqualTo(oldLeader);
        final String afterRemoval = sessionId("after-removal");
        final long t2 = cluster.createSessionEventually(cluster.otherThan(newLeader), afterRemoval);
        assertThat(getState(SPARE, afterRemoval, atLeast(t2))).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        // Removing it again is a no-op.
        assertThat(remove(newLeader, cluster.nodeId(oldLeader)).getChanged()).isFalse();

        // Down to one member; each step keeps the cluster writable; the last member cannot be removed.
        while (true) {
            final int lead = cluster.awaitLeader(LEADER_TIMEOUT);
            final StatusResponse s = cluster.statusOrNull(lead);
            if (s.getMembersCount() == 1) {
                final ErrorInfo last = expectError(Status.Code.FAILED_PRECONDITION,
                        () -> cluster.cluster(lead).removeMember(RemoveMemberRequest.newBuilder()
                                .setNodeId(cluster.nodeId(lead)).build()));
                assertThat(last.getReason()).isEqualTo("MEMBERSHIP_QUORUM");
                final String single = sessionId("single");
                final long t3 = cluster.createSessionEventually(lead, single);
                assertThat(getState(lead, single, atLeast(t3))).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
                break;
            }
            final int victim = cluster.otherThan(lead);
            assertThat(remove(lead, cluster.nodeId(victim)).getChanged()).isTrue();
            cluster.kill(victim);
            cluster.createSessionEventually(cluster.awaitLeader(LEADER_TIMEOUT), sessionId("shrunk"));
        }
        // Every session acknowledged before the changes is still there on the last member.
        final int last = cluster.awaitLeader(LEADER_TIMEOUT);
        for (String id : sessions) {
            assertThat(getState(last, id, linearizable())).as(id).isEqualTo(SessionState.SESSION_STATE_ACTIVE);
        }
    }

    @Test
    void shouldRejectMalformedMembershipRequests() {
        final ErrorInfo missing = expectError(Status.Code.INVALID_ARGUMENT, () -> cluster.cluster(0)
                .addMember(AddMemberRequest.newBuilder().setRaftAddress("127.0.0.1:9").setApiAddress("127.0.0.1:8")
                        .build()));
        assertThat(missing.getReason()).isEqualTo("FIELD_MISSING");
        final ErrorInfo badAddress = expectError(Status.Code.INVALID_ARGUMENT, () -> cluster.cluster(0)
                .addMember(AddMemberRequest.newBuilder().setNodeId("n9").setRaftAddress("no-port")
                        .setApiAddress("127.0.0.1:8").build()));
        assertThat(badAddress.getReason()).isEqualTo("FIELD_MALFORMED");
        assertThat(badAddress.getMetadataMap()).containsEntry("field", "raft_address");
        final ErrorInfo badId = expectError(Status.Code.INVALID_ARGUMENT, () -> cluster.cluster(0)
                .removeMember(RemoveMemberRequest.newBuilder().setNodeId("n 1").build()));
        assertThat(badId.getReason()).isEqualTo("FIELD_MALFORMED");
    }

    private MembershipResponse remove(int via, String nodeId) {
        return cluster.cluster(via).withDeadlineAfter(90, TimeUnit.SECONDS).removeMember(
                RemoveMemberRequest.newBuilder().setNodeId(nodeId).setTimeoutMs(60_000).build());
    }

    private CreateSessionResponse create(int node, String id) {
        return cluster.sessions(node).createSession(CreateSessionRequest.newBuilder().setSessionId(id)
                .setSubject("user-" + id).setTtlMs(TimeUnit.HOURS.toMillis(1)).setWrite(newWriteId()).build());
    }

    private SessionState getState(int node, String id, io.bulwark.api.v1.ReadOptions read) {
        return cluster.sessions(node).getSession(GetSessionRequest.newBuilder()
                .setSession(SessionSelector.newBuilder().setSessionId(id)).setRead(read).build())
                .getSession().getState();
    }

    private static List<String> ids(List<Member> members) {
        final List<String> ids = new ArrayList<>();
        for (Member m : members) {
            ids.add(m.getNodeId());
        }
        return ids;
    }
}
