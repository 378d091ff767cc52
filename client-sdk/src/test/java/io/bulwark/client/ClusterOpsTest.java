package io.bulwark.client;

import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TransferLeadershipRequest;
import io.bulwark.api.v1.TransferLeadershipResponse;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Two live members (n1 leader, n2 lagging) and n3 down, reachable only through the membership list. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusterOpsTest {
    private final String deadN3 = LoopbackServer.deadAddress();
    private FakeNode n1;
    private FakeNode n2;
    private LoopbackServer s1;
    private LoopbackServer s2;
    private BulwarkClient client;

    /** A node answering Status with canned indexes and recording snapshot and transfer calls. */
    final class FakeNode extends ClusterServiceGrpc.ClusterServiceImplBase {
        final String id;
        final NodeRole role;
        final long applied;
        volatile String[] apiAddresses = new String[0];
        final AtomicInteger snapshots = new AtomicInteger();
        final List<TransferLeadershipRequest> transfers = new CopyOnWriteArrayList<>();

        FakeNode(final String id, final NodeRole role, final long applied) {
            this.id = id;
            this.role = role;
            this.applied = applied;
        }

        @Override
        public void status(final StatusRequest request, final StreamObserver<StatusResponse> out) {
            final StatusResponse.Builder b = StatusResponse.newBuilder().setNodeId(id).setRole(role)
                .setLeaderId("n1").setTerm(7).setCommitIndex(120).setAppliedIndex(applied);
            for (int i = 0; i < apiAddresses.length; i++) {
                b.addMembers(Member.newBuilder().setNodeId("n" + (i + 1)).setApiAddress(apiAddresses[i]));
            }
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void snapshot(final SnapshotRequest request, final StreamObserver<SnapshotResponse> out) {
            snapshots.incrementAndGet();
            out.onNext(SnapshotResponse.newBuilder().setSnapshotIndex(applied).build());
            out.onCompleted();
        }

        @Override
        public void transferLeadership(final TransferLeadershipRequest request,
                                       final StreamObserver<TransferLeadershipResponse> out) {
            transfers.add(request);
            out.onNext(TransferLeadershipResponse.newBuilder().setLeaderId(request.getNodeId()).build());
            out.onCompleted();
        }
    }

    @BeforeEach
    void start() {
        n1 = new FakeNode("n1", NodeRole.NODE_ROLE_LEADER, 120);
        n2 = new FakeNode("n2", NodeRole.NODE_ROLE_FOLLOWER, 110);
        s1 = LoopbackServer.start(n1);
        s2 = LoopbackServer.start(n2);
        final String[] members = {s1.address(), s2.address(), deadN3};
        n1.apiAddresses = members;
        n2.apiAddresses = members;
        // The client knows only n2 and n1: n3 is found through the membership list.
        client = BulwarkClient.builder().endpoints(List.of(s2.address(), s1.address()))
            .defaultDeadline(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        s1.close();
        s2.close();
    }

    @Test
    void shouldReportEveryMemberWithLagAndReachability() {
        final ClusterView view = client.clusterStatus();

        assertThat(view.leaderId()).isEqualTo("n1");
        assertThat(view.term()).isEqualTo(7);
        assertThat(view.highestIndex()).isEqualTo(120);
        assertThat(view.nodes()).extracting(NodeStatus::nodeId).containsExactly("n1", "n2", "n3");
        assertThat(view.node("n1").orElseThrow().lagEntries()).isZero();
        assertThat(view.node("n2").orElseThrow().lagEntries()).isEqualTo(10);
        final NodeStatus n3 = view.node("n3").orElseThrow();
        assertThat(n3.reachable()).isFalse();
        assertThat(n3.address()).isEqualTo(deadN3);
        assertThat(n3.error().code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(n3.lagEntries()).isEqualTo(-1);
        assertThat(view.reachableCount()).isEqualTo(2);
    }

    @Test
    void shouldSendTheTransferToTheLeader() {
        final TransferLeadershipResponse r = client.transferLeadership("n2", Duration.ofSeconds(3));

        assertThat(r.getLeaderId()).isEqualTo("n2");
        assertThat(n1.transfers).hasSize(1);
        assertThat(n1.transfers.get(0).getTimeoutMs()).isEqualTo(3000);
        assertThat(n2.transfers).isEmpty();
    }

    @Test
    void shouldSnapshotTheNamedNodeOnlyAndRejectAnUnknownOne() {
        assertThat(client.snapshot("n2").getSnapshotIndex()).isEqualTo(110);
        assertThat(n2.snapshots).hasValue(1);
        assertThat(n1.snapshots).hasValue(0);

        final BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> client.snapshot("n9"));
        assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getMessage()).contains("n9");
        assertThat(n1.snapshots.get() + n2.snapshots.get()).isEqualTo(1);
    }

    @Test
    void shouldRejectATransferToAnUnknownNode() {
        final BulwarkException e = catchThrowableOfType(BulwarkException.class,
            () -> client.transferLeadership("n9", Duration.ofSeconds(1)));
        assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(n1.transfers).isEmpty();
    }
}
