package io.bulwark.cli.bundle;

import io.bulwark.api.v1.ActivationEvent;
import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.BundleVersion;
import io.bulwark.api.v1.BundleVersionState;
import io.bulwark.api.v1.ClusterServiceGrpc;
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
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.ShadowFlips;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.WriteResult;
import io.bulwark.client.testing.Errors;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One node on loopback with canned PolicyService answers (and a ClusterService listing the members), recording
 * what it received. It tests the CLI's parsing, output and exit codes, not the Bulwark server.
 */
final class CannedPolicyNode implements AutoCloseable {
    static final String ACTIVE_HASH = "sha256:" + "a".repeat(64);
    static final String STAGED_HASH = "sha256:" + "b".repeat(64);
    static final long NOW_MS = 1_795_000_000_000L;

    final String nodeId;
    final List<Object> received = new CopyOnWriteArrayList<>();
    final LoopbackServer server;
    volatile List<Member> members = List.of();
    /** This node's own shadow counters. */
    volatile long shadowChecks;
    volatile List<ShadowFlips> flips = List.of();
    /** When set, every PolicyService call fails with it. */
    volatile RuntimeException failure;

    /** A node serving the policy service. */
    CannedPolicyNode(final String nodeId) {
        this(nodeId, true);
    }

    /** A node, with or without the policy service (an older build answers UNIMPLEMENTED). */
    CannedPolicyNode(final String nodeId, final boolean withPolicy) {
        this.nodeId = nodeId;
        final List<BindableService> services = new ArrayList<>();
        services.add(new Cluster());
        if (withPolicy) {
            services.add(new Policy());
        }
        server = LoopbackServer.start(services.toArray(new BindableService[0]));
    }

    String address() {
        return server.address();
    }

    Member member() {
        return Member.newBuilder().setNodeId(nodeId).setApiAddress(address()).build();
    }

    <T> List<T> receivedOf(final Class<T> type) {
        final List<T> list = new ArrayList<>();
        for (final Object o : received) {
            if (type.isInstance(o)) {
                list.add(type.cast(o));
            }
        }
        return list;
    }

    @Override
    public void close() {
        server.close();
    }

    static BundleVersion active() {
        return BundleVersion.newBuilder().setVersion(1).setContentHash(ACTIVE_HASH).setName("orders")
            .setAuthor("alice@example.test").setSignedAtMs(NOW_MS - 7_200_000).setSigningKeyId("example-bundle-signer-1")
            .setPushedBy("ops").setPushedAtMs(NOW_MS - 3_600_000).setPushedIndex(40)
            .setState(BundleVersionState.BUNDLE_VERSION_STATE_ACTIVE).build();
    }

    static BundleVersion staged() {
        return BundleVersion.newBuilder().setVersion(2).setContentHash(STAGED_HASH).setName("orders")
            .setAuthor("ci@example.test").setParentHash(ACTIVE_HASH).setSignedAtMs(NOW_MS - 60_000)
            .setSigningKeyId("example-bundle-signer-1").setPushedBy("ci").setPushedAtMs(NOW_MS).setPushedIndex(101)
            .setState(BundleVersionState.BUNDLE_VERSION_STATE_STAGED).build();
    }

    private static <T> void reply(final StreamObserver<T> out, final T value) {
        out.onNext(value);
        out.onCompleted();
    }

    private boolean failed(final Object request, final StreamObserver<?> out) {
        received.add(request);
        final RuntimeException f = failure;
        if (f != null) {
            out.onError(f);
            return true;
        }
        return false;
    }

    private static BundleActivationResponse activation(final BundleVersion active, final BundleVersion shadow,
                                                       final long index) {
        final BundleActivationResponse.Builder b = BundleActivationResponse.newBuilder().setActive(active)
            .setWrite(WriteResult.newBuilder().setAppliedIndex(index));
        if (shadow != null) {
            b.setShadow(shadow);
        }
        return b.build();
    }

    final class Policy extends PolicyServiceGrpc.PolicyServiceImplBase {
        @Override
        public void pushBundle(final PushBundleRequest r, final StreamObserver<PushBundleResponse> out) {
            if (!failed(r, out)) {
                reply(out, PushBundleResponse.newBuilder().setVersion(staged())
                    .setWrite(WriteResult.newBuilder().setAppliedIndex(101)).build());
            }
        }

        @Override
        public void setShadow(final SetShadowRequest r, final StreamObserver<BundleActivationResponse> out) {
            if (failed(r, out)) {
                return;
            }
            if (r.getVersion() > 2) {
                out.onError(Errors.of(Status.Code.NOT_FOUND, ErrorReason.ERROR_REASON_UNSPECIFIED, Map.of(),
                    "no bundle version " + r.getVersion()));
                return;
            }
            reply(out, activation(active(), r.getVersion() == 0 ? null : staged().toBuilder()
                .setState(BundleVersionState.BUNDLE_VERSION_STATE_SHADOW).build(), 102));
        }

        @Override
        public void promoteBundle(final PromoteBundleRequest r, final StreamObserver<BundleActivationResponse> out) {
            if (failed(r, out)) {
                return;
            }
            if (!r.getExpectedActiveHash().isEmpty() && !ACTIVE_HASH.equals(r.getExpectedActiveHash())) {
                out.onError(Errors.of(Status.Code.FAILED_PRECONDITION, ErrorReason.ERROR_REASON_UNSPECIFIED,
                    Map.of("active_hash", ACTIVE_HASH), "the active bundle is not the expected one"));
                return;
            }
            reply(out, activation(staged().toBuilder().setState(BundleVersionState.BUNDLE_VERSION_STATE_ACTIVE)
                .build(), null, 103));
        }

        @Override
        public void rollbackBundle(final RollbackBundleRequest r, final StreamObserver<BundleActivationResponse> out) {
            if (!failed(r, out)) {
                reply(out, activation(active(), null, 104));
            }
        }

        @Override
        public void listBundleVersions(final ListBundleVersionsRequest r,
                                       final StreamObserver<ListBundleVersionsResponse> out) {
            if (failed(r, out)) {
                return;
            }
            reply(out, ListBundleVersionsResponse.newBuilder().addVersions(staged()).addVersions(active())
                .addHistory(event(ActivationEvent.Action.ACTION_PUSH, 2, "ci", 101))
                .addHistory(event(ActivationEvent.Action.ACTION_PROMOTE, 1, "ops", 41))
                .addHistory(event(ActivationEvent.Action.ACTION_PUSH, 1, "ops", 40))
                .setMeta(ReadMeta.newBuilder().setAppliedIndex(101).setNodeId(nodeId)).build());
        }

        @Override
        public void getBundleStatus(final GetBundleStatusRequest r,
                                    final StreamObserver<GetBundleStatusResponse> out) {
            if (failed(r, out)) {
                return;
            }
            reply(out, GetBundleStatusResponse.newBuilder().setActive(active())
                .setShadow(staged().toBuilder().setState(BundleVersionState.BUNDLE_VERSION_STATE_SHADOW))
                .setShadowChecks(shadowChecks).addAllFlips(flips)
                .setMeta(ReadMeta.newBuilder().setAppliedIndex(110).setNodeId(nodeId)).build());
        }
    }

    static ActivationEvent event(final ActivationEvent.Action action, final long version, final String actor,
                                 final long index) {
        return ActivationEvent.newBuilder().setAction(action).setVersion(version).setActor(actor)
            .setAtMs(NOW_MS - (200 - index) * 1000).setIndex(index).build();
    }

    final class Cluster extends ClusterServiceGrpc.ClusterServiceImplBase {
        @Override
        public void status(final StatusRequest r, final StreamObserver<StatusResponse> out) {
            reply(out, StatusResponse.newBuilder().setNodeId(nodeId).setRole(NodeRole.NODE_ROLE_FOLLOWER)
                .setLeaderId("n1").setTerm(3).setCommitIndex(110).setAppliedIndex(110).addAllMembers(members).build());
        }
    }
}
