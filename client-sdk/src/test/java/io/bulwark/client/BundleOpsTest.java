package io.bulwark.client;

import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.BundleVersionState;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetBundleStatusRequest;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.PolicyServiceGrpc;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.api.v1.ReadMeta;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.ShadowFlips;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.WriteResult;
import io.bulwark.client.testing.Cleanup;
import io.bulwark.client.testing.Errors;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The PolicyService calls and bearer checks against real gRPC servers on 127.0.0.1 with scripted answers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BundleOpsTest {
    private static final String HASH_A = "sha256:" + "a".repeat(64);
    private static final String HASH_B = "sha256:" + "b".repeat(64);
    private static final byte[] SIGNED = "{\"format\":\"bulwark-signed-bundle\"}".getBytes(StandardCharsets.UTF_8);

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    private <T extends AutoCloseable> T track(final T c) {
        return cleanup.add(c);
    }

    private BulwarkClient client(final String... endpoints) {
        return track(BulwarkClient.builder().endpoints(List.of(endpoints)).defaultDeadline(Duration.ofSeconds(10))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(3).build());
    }

    static BundleVersion version(final long v, final String hash, final BundleVersionState state) {
        return BundleVersion.newBuilder().setVersion(v).setContentHash(hash).setName("orders")
            .setAuthor("ci@example.test").setState(state).build();
    }

    /** A node's policy service: fails the first {@code failures} writes with {@code error}; records every request. */
    static final class ScriptedPolicy extends PolicyServiceGrpc.PolicyServiceImplBase {
        final List<Object> received = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft;
        final RuntimeException error;
        final String nodeId;
        final long appliedIndex;
        final List<ShadowFlips> flips;
        final long shadowChecks;

        ScriptedPolicy(final int failures, final RuntimeException error) {
            this(failures, error, "n1", 90, List.of(), 0);
        }

        ScriptedPolicy(final int failures, final RuntimeException error, final String nodeId, final long appliedIndex,
                       final List<ShadowFlips> flips, final long shadowChecks) {
            this.failuresLeft = new AtomicInteger(failures);
            this.error = error;
            this.nodeId = nodeId;
            this.appliedIndex = appliedIndex;
            this.flips = flips;
            this.shadowChecks = shadowChecks;
        }

        private boolean failed(final Object request, final StreamObserver<?> out) {
            received.add(request);
            if (failuresLeft.getAndDecrement() > 0) {
                out.onError(error);
                return true;
            }
            return false;
        }

        private static <T> void reply(final StreamObserver<T> out, final T value) {
            out.onNext(value);
            out.onCompleted();
        }

        private BundleActivationResponse activation(final long active, final long shadow, final long index) {
            final BundleActivationResponse.Builder b = BundleActivationResponse.newBuilder()
                .setActive(version(active, HASH_A, BundleVersionState.BUNDLE_VERSION_STATE_ACTIVE))
                .setWrite(WriteResult.newBuilder().setAppliedIndex(index));
            if (shadow > 0) {
                b.setShadow(version(shadow, HASH_B, BundleVersionState.BUNDLE_VERSION_STATE_SHADOW));
            }
            return b.build();
        }

        @Override
        public void pushBundle(final PushBundleRequest r, final StreamObserver<PushBundleResponse> out) {
            if (!failed(r, out)) {
                reply(out, PushBundleResponse.newBuilder()
                    .setVersion(version(2, HASH_B, BundleVersionState.BUNDLE_VERSION_STATE_STAGED))
                    .setWrite(WriteResult.newBuilder().setAppliedIndex(101)).build());
            }
        }

        @Override
        public void setShadow(final SetShadowRequest r, final StreamObserver<BundleActivationResponse> out) {
            if (!failed(r, out)) {
                reply(out, activation(1, r.getVersion(), 102));
            }
        }

        @Override
        public void promoteBundle(final PromoteBundleRequest r, final StreamObserver<BundleActivationResponse> out) {
            if (failed(r, out)) {
                return;
            }
            if (!r.getExpectedActiveHash().isEmpty() && !HASH_A.equals(r.getExpectedActiveHash())) {
                out.onError(Errors.of(Status.Code.FAILED_PRECONDITION, ErrorReason.ERROR_REASON_UNSPECIFIED,
                    Map.of("active", HASH_A), "the active bundle is not the expected one"));
                return;
            }
            reply(out, activation(r.getVersion() == 0 ? 2 : r.getVersion(), 0, 103));
        }

        @Override
        public void rollbackBundle(final RollbackBundleRequest r, final StreamObserver<BundleActivationResponse> out) {
            if (!failed(r, out)) {
                reply(out, activation(r.getToVersion() == 0 ? 1 : r.getToVersion(), 0, 104));
            }
        }

        @Override
        public void listBundleVersions(final ListBundleVersionsRequest r,
                                       final StreamObserver<ListBundleVersionsResponse> out) {
            received.add(r);
            reply(out, ListBundleVersionsResponse.newBuilder()
                .addVersions(version(2, HASH_B, BundleVersionState.BUNDLE_VERSION_STATE_STAGED))
                .addVersions(version(1, HASH_A, BundleVersionState.BUNDLE_VERSION_STATE_ACTIVE))
                .setMeta(ReadMeta.newBuilder().setAppliedIndex(appliedIndex).setNodeId(nodeId)).build());
        }

        @Override
        public void getBundleStatus(final GetBundleStatusRequest r,
                                    final StreamObserver<GetBundleStatusResponse> out) {
            received.add(r);
            reply(out, GetBundleStatusResponse.newBuilder()
                .setActive(version(1, HASH_A, BundleVersionState.BUNDLE_VERSION_STATE_ACTIVE))
                .setShadow(version(2, HASH_B, BundleVersionState.BUNDLE_VERSION_STATE_SHADOW))
                .setShadowChecks(shadowChecks).addAllFlips(flips)
                .setMeta(ReadMeta.newBuilder().setAppliedIndex(appliedIndex).setNodeId(nodeId)).build());
        }
    }

    /** Answers Status with a fixed membership, so the client finds every member. */
    static final class Membership extends ClusterServiceGrpc.ClusterServiceImplBase {
        final String nodeId;
        volatile List<Member> members = List.of();

        Membership(final String nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public void status(final StatusRequest request, final StreamObserver<StatusResponse> out) {
            out.onNext(StatusResponse.newBuilder().setNodeId(nodeId).setRole(NodeRole.NODE_ROLE_FOLLOWER)
                .setLeaderId("n1").setTerm(2).addAllMembers(members).build());
            out.onCompleted();
        }
    }

    private static <T> List<T> of(final ScriptedPolicy p, final Class<T> type) {
        final List<T> list = new java.util.ArrayList<>();
        for (final Object o : p.received) {
            if (type.isInstance(o)) {
                list.add(type.cast(o));
            }
        }
        return list;
    }

    @Test
    void shouldRetryAnUnavailablePushWithTheSameRequestIdAndBytes() {
        final ScriptedPolicy policy = new ScriptedPolicy(1, Errors.unavailable());
        final BulwarkClient client = client(track(LoopbackServer.start(policy)).address());

        final WriteReceipt<PushBundleResponse> r = client.pushBundle(SIGNED);

        final List<PushBundleRequest> sent = of(policy, PushBundleRequest.class);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getWrite().getRequestId()).isNotEmpty()
            .isEqualTo(sent.get(1).getWrite().getRequestId()).isEqualTo(r.requestId());
        assertThat(sent.get(1).getSignedBundle().toByteArray()).isEqualTo(SIGNED);
        assertThat(r.response().getVersion().getVersion()).isEqualTo(2);
        assertThat(r.appliedIndex()).isEqualTo(101);
        assertThat(client.highestSeenIndex()).isEqualTo(101);
    }

    @Test
    void shouldFailOverAPushToAnotherNode() {
        final ScriptedPolicy live = new ScriptedPolicy(0, null);
        final BulwarkClient client = client(LoopbackServer.deadAddress(), track(LoopbackServer.start(live)).address());

        final WriteReceipt<PushBundleResponse> r = client.async().bundles().push(SIGNED).join();

        assertThat(r.appliedIndex()).isEqualTo(101);
        assertThat(of(live, PushBundleRequest.class)).hasSize(1);
    }

    @Test
    void shouldNotRetryAFailedPromoteGuardAndKeepTheReason() {
        final ScriptedPolicy policy = new ScriptedPolicy(0, null);
        final BulwarkClient client = client(track(LoopbackServer.start(policy)).address());

        final BulwarkException e = catchThrowableOfType(BulwarkException.class,
            () -> client.promoteBundle(2, HASH_B));

        assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.metadata()).containsEntry("active", HASH_A);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(of(policy, PromoteBundleRequest.class)).hasSize(1);

        final WriteReceipt<BundleActivationResponse> ok = client.promoteBundle(2, HASH_A);
        assertThat(ok.response().getActive().getVersion()).isEqualTo(2);
        assertThat(ok.appliedIndex()).isEqualTo(103);
        final List<PromoteBundleRequest> sent = of(policy, PromoteBundleRequest.class);
        assertThat(sent.get(1).getVersion()).isEqualTo(2);
        assertThat(sent.get(1).getExpectedActiveHash()).isEqualTo(HASH_A);
        assertThat(sent.get(1).getWrite().getRequestId()).isNotEqualTo(sent.get(0).getWrite().getRequestId());
    }

    @Test
    void shouldSendShadowStopShadowAndRollbackWithRequestIds() {
        final ScriptedPolicy policy = new ScriptedPolicy(0, null);
        final BulwarkClient client = client(track(LoopbackServer.start(policy)).address());

        assertThat(client.shadowBundle(2).response().getShadow().getVersion()).isEqualTo(2);
        assertThat(client.stopShadow().response().hasShadow()).isFalse();
        assertThat(client.rollbackBundle(0).response().getActive().getVersion()).isEqualTo(1);
        assertThat(client.rollbackBundle(3).appliedIndex()).isEqualTo(104);

        assertThat(of(policy, SetShadowRequest.class)).extracting(SetShadowRequest::getVersion).containsExactly(2L, 0L);
        assertThat(of(policy, RollbackBundleRequest.class)).extracting(RollbackBundleRequest::getToVersion)
            .containsExactly(0L, 3L);
        final List<String> ids = new java.util.ArrayList<>();
        of(policy, SetShadowRequest.class).forEach(r -> ids.add(r.getWrite().getRequestId()));
        of(policy, RollbackBundleRequest.class).forEach(r -> ids.add(r.getWrite().getRequestId()));
        assertThat(ids).hasSize(4).doesNotHaveDuplicates().allMatch(RequestIds::isValid);
    }

    @Test
    void shouldRejectImpossibleVersionsLocallyWithoutCalling() {
        final ScriptedPolicy policy = new ScriptedPolicy(0, null);
        final BulwarkClient client = client(track(LoopbackServer.start(policy)).address());

        assertThat(catchThrowableOfType(BulwarkException.class, () -> client.shadowBundle(0)).code())
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(BulwarkException.class, () -> client.rollbackBundle(-1)).code())
            .isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(catchThrowableOfType(BulwarkException.class, () -> client.promoteBundle(
            PromoteBundleRequest.newBuilder().setWrite(io.bulwark.api.v1.WriteOptions.newBuilder()
                .setRequestId("bad id")).build())).reason()).isEqualTo(ErrorReason.INVALID_REQUEST_ID);
        assertThat(policy.received).isEmpty();
    }

    @Test
    void shouldListWithTheDefaultFreshnessAndRaiseTheSeenIndex() {
        final ScriptedPolicy policy = new ScriptedPolicy(0, null);
        final BulwarkClient client = client(track(LoopbackServer.start(policy)).address());

        final ListBundleVersionsResponse r = client.listBundleVersions(10, Freshness.linearizable());

        assertThat(r.getVersionsList()).extracting(BundleVersion::getVersion).containsExactly(2L, 1L);
        final ListBundleVersionsRequest sent = of(policy, ListBundleVersionsRequest.class).get(0);
        assertThat(sent.getLimit()).isEqualTo(10);
        assertThat(sent.getRead().getConsistency()).isEqualTo(Consistency.CONSISTENCY_LINEARIZABLE);
        assertThat(client.highestSeenIndex()).isEqualTo(90);
    }

    @Test
    void shouldSumShadowFlipsOverEveryMemberAndReportTheOnesThatDidNotAnswer() {
        final ScriptedPolicy p1 = new ScriptedPolicy(0, null, "n1", 120, List.of(
            flips("GET /orders/{id}", 3, 0, 0), flips("DELETE /orders/{id}", 0, 1, 2)), 500);
        final ScriptedPolicy p2 = new ScriptedPolicy(0, null, "n2", 118, List.of(
            flips("GET /orders/{id}", 4, 1, 0)), 300);
        final Membership m1 = new Membership("n1");
        final Membership m2 = new Membership("n2");
        final Membership m3 = new Membership("n3");   // an old build: no policy service
        final LoopbackServer s1 = track(LoopbackServer.start(p1, m1));
        final LoopbackServer s2 = track(LoopbackServer.start(p2, m2));
        final LoopbackServer s3 = track(LoopbackServer.start(m3));
        final String dead = LoopbackServer.deadAddress();
        final List<Member> members = List.of(member("n1", s1), member("n2", s2), member("n3", s3),
            Member.newBuilder().setNodeId("n4").setApiAddress(dead).build());
        m1.members = members;
        m2.members = members;
        m3.members = members;

        final BundleStatusView view = client(s1.address()).bundleStatusOfEveryNode();

        assertThat(view.nodes()).extracting(NodeBundleStatus::nodeId).containsExactly("n1", "n2", "n3", "n4");
        assertThat(view.reachableCount()).isEqualTo(2);
        assertThat(view.totalShadowChecks()).isEqualTo(800);
        assertThat(view.totalFlipsByRoute()).containsExactly(flips("DELETE /orders/{id}", 0, 1, 2),
            flips("GET /orders/{id}", 7, 1, 0));
        assertThat(view.totalFlips()).isEqualTo(11);
        assertThat(view.freshest().getMeta().getNodeId()).isEqualTo("n1");
        assertThat(view.nodes().get(2).error().code()).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(view.nodes().get(3).error().code()).isEqualTo(Status.Code.UNAVAILABLE);
        // Each member was asked for its own state.
        assertThat(of(p2, GetBundleStatusRequest.class).get(0).getRead().getConsistency())
            .isEqualTo(Consistency.CONSISTENCY_LOCAL);
    }

    @Test
    void shouldCheckABearerTokenWithRequestAttributesAndNeverEchoTheToken() {
        final String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
        final List<CheckRequest> seen = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft = new AtomicInteger(1);
        final LoopbackServer server = track(LoopbackServer.start(new CheckServiceGrpc.CheckServiceImplBase() {
            @Override
            public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                seen.add(request);
                if (failuresLeft.getAndDecrement() > 0) {
                    out.onError(Errors.of(Status.Code.INVALID_ARGUMENT, ErrorReason.MALFORMED_TOKEN, Map.of(),
                        "bearer token is malformed"));
                    return;
                }
                out.onNext(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setRule("route")
                    .setBundleVersion("2").setAppliedIndex(77).build());
                out.onCompleted();
            }
        }));
        final BulwarkClient client = client(server.address());
        final RequestAttributes attrs = RequestAttributes.newBuilder().setMethod("GET").setPath("/orders/42")
            .setSourceIp("10.0.0.1").setTenant("acme").putHeaders("x-trace", "1").build();

        final BulwarkException e = catchThrowableOfType(BulwarkException.class,
            () -> client.checkBearer(token, attrs));
        assertThat(e.getMessage()).doesNotContain(token);
        assertThat(e.reason()).isEqualTo(ErrorReason.MALFORMED_TOKEN);

        final CheckResponse r = client.checkBearer(token, attrs, Freshness.atLeast(70));
        assertThat(r.getRule()).isEqualTo("route");
        assertThat(r.getBundleVersion()).isEqualTo("2");
        final CheckRequest sent = seen.get(1);
        assertThat(sent.getBearerToken()).isEqualTo(token);
        assertThat(sent.getRequest()).isEqualTo(attrs);
        assertThat(sent.getRead().getMinIndex()).isEqualTo(70);
        assertThat(client.highestSeenIndex()).isEqualTo(77);
    }

    private static Member member(final String id, final LoopbackServer s) {
        return Member.newBuilder().setNodeId(id).setApiAddress(s.address()).build();
    }

    private static ShadowFlips flips(final String route, final long allowToDeny, final long denyToAllow,
                                     final long other) {
        return ShadowFlips.newBuilder().setRoute(route).setAllowToDeny(allowToDeny).setDenyToAllow(denyToAllow)
            .setOther(other).build();
    }
}
