package io.bulwark.client;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.WriteResult;
import io.bulwark.client.testing.Cleanup;
import io.bulwark.client.testing.Errors;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Writes go to the leader once the client has learned it; reads keep the endpoint selection; a failed leader is
 * forgotten and the new one found; addresses the client was not configured with are never used.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LeaderRoutingTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    /**
     * One fake node: revocations and checks count their calls (and fail with UNAVAILABLE while down); status
     * reports the role and leader the test sets, with the members' API addresses the test sets.
     */
    static final class Node {
        final String id;
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger statusCalls = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();
        volatile String leaderId = "";
        volatile List<Member> members = List.of();
        LoopbackServer server;

        Node(final String id) {
            this.id = id;
        }

        void start() {
            server = LoopbackServer.start(new RevocationServiceGrpc.RevocationServiceImplBase() {
                @Override
                public void revoke(final RevokeRequest request, final StreamObserver<RevokeResponse> out) {
                    writes.incrementAndGet();
                    if (down.get()) {
                        out.onError(Errors.unavailable());
                        return;
                    }
                    out.onNext(RevokeResponse.newBuilder().setWrite(WriteResult.newBuilder().setAppliedIndex(1)).build());
                    out.onCompleted();
                }
            }, new CheckServiceGrpc.CheckServiceImplBase() {
                @Override
                public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                    checks.incrementAndGet();
                    out.onNext(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setNodeId(id).build());
                    out.onCompleted();
                }
            }, new ClusterServiceGrpc.ClusterServiceImplBase() {
                @Override
                public void status(final StatusRequest request, final StreamObserver<StatusResponse> out) {
                    statusCalls.incrementAndGet();
                    if (down.get()) {
                        out.onError(Errors.unavailable());
                        return;
                    }
                    out.onNext(StatusResponse.newBuilder().setNodeId(id)
                        .setRole(id.equals(leaderId) ? NodeRole.NODE_ROLE_LEADER : NodeRole.NODE_ROLE_FOLLOWER)
                        .setLeaderId(leaderId).addAllMembers(members).build());
                    out.onCompleted();
                }
            });
        }
    }

    private List<Node> cluster(final String leaderId) {
        final List<Node> nodes = new ArrayList<>();
        for (final String id : List.of("a", "b", "c")) {
            final Node n = new Node(id);
            n.start();
            cleanup.add(n.server);
            nodes.add(n);
        }
        final List<Member> members = new ArrayList<>();
        for (final Node n : nodes) {
            members.add(Member.newBuilder().setNodeId(n.id).setApiAddress(n.server.address()).build());
        }
        for (final Node n : nodes) {
            n.members = members;
            n.leaderId = leaderId;
        }
        return nodes;
    }

    private static void electLeader(final List<Node> nodes, final String leaderId) {
        for (final Node n : nodes) {
            n.leaderId = leaderId;
        }
    }

    private BulwarkClientBuilder builder(final List<Node> nodes) {
        final List<String> endpoints = new ArrayList<>();
        for (final Node n : nodes) {
            endpoints.add(n.server.address());
        }
        return BulwarkClient.builder().endpoints(endpoints).defaultDeadline(Duration.ofSeconds(10))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(3);
    }

    private static void revoke(final BulwarkClient client, final int i) {
        client.revokeToken("https://id.test", "jti-" + i, Instant.now().plusSeconds(600),
            RevocationReason.REVOCATION_REASON_LOGOUT);
    }

    /** Writes until {@code node} receives one (the background lookup has landed), at most {@code max} writes. */
    private static int writeUntilServedBy(final BulwarkClient client, final Node node, final int max)
        throws InterruptedException {
        for (int i = 0; i < max; i++) {
            final int before = node.writes.get();
            revoke(client, 1_000 + i);
            if (node.writes.get() > before) {
                return i;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no write reached " + node.id + " in " + max + " writes");
    }

    @Test
    void shouldSendWritesToTheLeaderAndReadsToTheStickyEndpoint() throws Exception {
        final List<Node> nodes = cluster("c");
        final BulwarkClient client = cleanup.add(builder(nodes).build());

        writeUntilServedBy(client, nodes.get(2), 200);
        final int aBefore = nodes.get(0).writes.get();
        for (int i = 0; i < 20; i++) {
            revoke(client, i);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(client.checkSession("sid").getNodeId()).isEqualTo("a");
        }

        assertThat(nodes.get(0).writes.get()).isEqualTo(aBefore);
        assertThat(nodes.get(1).writes).hasValue(0);
        assertThat(nodes.get(2).writes.get()).isGreaterThanOrEqualTo(20);
        assertThat(nodes.get(0).checks).hasValue(5);
        assertThat(nodes.get(2).checks).hasValue(0);
    }

    @Test
    void shouldForgetAFailedLeaderAndFindTheNextOne() throws Exception {
        final List<Node> nodes = cluster("c");
        final BulwarkClient client = cleanup.add(builder(nodes).unhealthyCooldown(Duration.ofMinutes(5)).build());
        writeUntilServedBy(client, nodes.get(2), 200);

        nodes.get(2).down.set(true);
        electLeader(nodes, "b");
        revoke(client, 1); // fails at c, retried on the rotation, succeeds: the hint is cleared
        writeUntilServedBy(client, nodes.get(1), 200);

        final int bBefore = nodes.get(1).writes.get();
        final int aBefore = nodes.get(0).writes.get();
        for (int i = 0; i < 10; i++) {
            revoke(client, 100 + i);
        }
        assertThat(nodes.get(1).writes.get() - bBefore).isEqualTo(10);
        assertThat(nodes.get(0).writes.get()).isEqualTo(aBefore);
    }

    @Test
    void shouldNeverSendWritesToAnAddressItWasNotConfiguredWith() throws Exception {
        final List<Node> nodes = cluster("x");
        final Member elsewhere = Member.newBuilder().setNodeId("x").setApiAddress(LoopbackServer.deadAddress()).build();
        for (final Node n : nodes) {
            final List<Member> members = new ArrayList<>(n.members);
            members.add(elsewhere);
            n.members = members;
        }
        final BulwarkClient client = cleanup.add(builder(nodes).leaderRefresh(Duration.ofMillis(100)).build());

        for (int i = 0; i < 20; i++) {
            revoke(client, i);
            Thread.sleep(10);
        }

        // No configured endpoint leads: writes follow the sticky selection, and every node was asked.
        assertThat(nodes.get(0).writes).hasValue(20);
        for (final Node n : nodes) {
            assertThat(n.statusCalls.get()).isPositive();
        }
    }

    @Test
    void shouldSpreadWritesLikeReadsWhenTurnedOff() throws Exception {
        final List<Node> nodes = cluster("c");
        final BulwarkClient client = cleanup.add(builder(nodes).writesToLeader(false).build());

        for (int i = 0; i < 20; i++) {
            revoke(client, i);
            Thread.sleep(5);
        }

        assertThat(nodes.get(0).writes).hasValue(20);
        assertThat(nodes.get(2).writes).hasValue(0);
        for (final Node n : nodes) {
            assertThat(n.statusCalls).hasValue(0);
        }
    }

    @Test
    void shouldRefuseALeaderRefreshBelow100Ms() {
        assertThatThrownBy(() -> BulwarkClient.builder().endpoints(List.of("127.0.0.1:1"))
            .leaderRefresh(Duration.ofMillis(99)).validate())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaderRefresh");
    }
}
