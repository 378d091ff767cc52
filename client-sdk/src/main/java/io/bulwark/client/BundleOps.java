package io.bulwark.client;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.GetBundleStatusRequest;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.PolicyServiceGrpc;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.WriteOptions;
import io.grpc.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Policy bundle versions on the cluster (the {@code PolicyService}), asynchronously: push a signed bundle, shadow
 * a staged version beside the active one, promote, roll back, list versions and history, and read the status with
 * the shadow decision flips — of one node, or of every member. Obtained from {@link AsyncBulwarkClient#bundles()};
 * thread-safe.
 *
 * <p>Every write carries a request id generated once per logical call and resent by every retry, so it is applied
 * once. A push is idempotent by content too: pushing bytes whose content hash the cluster already stores returns
 * that version, so re-running a push whose outcome is unknown is always safe. Reads and writes raise the client's
 * {@link AsyncBulwarkClient#highestSeenIndex()} like every other call, so {@link Freshness#session()} checks see an
 * activation this client made.
 */
public final class BundleOps {
    private final AsyncBulwarkClient client;
    private final CallRunner runner;
    private final EndpointPool pool;
    private final ClusterOps cluster;

    BundleOps(final AsyncBulwarkClient client, final CallRunner runner, final EndpointPool pool,
              final ClusterOps cluster) {
        this.client = client;
        this.runner = runner;
        this.pool = pool;
        this.cluster = cluster;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stages a signed bundle (the file {@code bulwark bundle sign} writes) as a new version. The node verifies its
     * signature against the cluster's trusted keys; a refusal fails with {@code INVALID_ARGUMENT} or
     * {@code PERMISSION_DENIED}.
     */
    public CompletableFuture<WriteReceipt<PushBundleResponse>> push(final byte[] signedBundle) {
        return push(PushBundleRequest.newBuilder().setSignedBundle(ByteString.copyFrom(signedBundle)).build());
    }

    /** Pushes from a raw request (e.g. with a caller-chosen request id). */
    public CompletableFuture<WriteReceipt<PushBundleResponse>> push(final PushBundleRequest request) {
        final WriteOptions w = AsyncBulwarkClient.withRequestId(request.getWrite());
        if (w == null) {
            return AsyncBulwarkClient.badRequestId("pushBundle");
        }
        return client.write("pushBundle", PolicyServiceGrpc.getPushBundleMethod(), request.toBuilder().setWrite(w)
            .build(), w.getRequestId(), PushBundleResponse::getWrite);
    }

    /** Starts shadowing the staged {@code version} on live checks (replacing any version shadowed before). */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> shadow(final long version) {
        if (version <= 0) {
            return invalid("setShadow", "version must be > 0 (use stopShadow() to stop shadowing)");
        }
        return setShadow(SetShadowRequest.newBuilder().setVersion(version).build());
    }

    /** Stops shadowing (no-op on the decisions when nothing is shadowed). */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> stopShadow() {
        return setShadow(SetShadowRequest.getDefaultInstance());
    }

    /** Sets or clears the shadow from a raw request (version 0 stops shadowing). */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> setShadow(final SetShadowRequest request) {
        final WriteOptions w = AsyncBulwarkClient.withRequestId(request.getWrite());
        if (w == null) {
            return AsyncBulwarkClient.badRequestId("setShadow");
        }
        return client.write("setShadow", PolicyServiceGrpc.getSetShadowMethod(), request.toBuilder().setWrite(w)
            .build(), w.getRequestId(), BundleActivationResponse::getWrite);
    }

    /**
     * Activates a version on every node, at one log index.
     *
     * @param version            the version to activate; 0 = the shadowed one
     * @param expectedActiveHash optional guard ({@code sha256:<hex>}): the node refuses with
     *                           {@code FAILED_PRECONDITION} unless it is the active content hash; null or empty = none
     */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> promote(final long version,
                                                                             final String expectedActiveHash) {
        if (version < 0) {
            return invalid("promoteBundle", "version must be >= 0 (0 = the shadowed version)");
        }
        return promote(PromoteBundleRequest.newBuilder().setVersion(version)
            .setExpectedActiveHash(expectedActiveHash == null ? "" : expectedActiveHash).build());
    }

    /** Promotes from a raw request. */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> promote(final PromoteBundleRequest request) {
        final WriteOptions w = AsyncBulwarkClient.withRequestId(request.getWrite());
        if (w == null) {
            return AsyncBulwarkClient.badRequestId("promoteBundle");
        }
        return client.write("promoteBundle", PolicyServiceGrpc.getPromoteBundleMethod(), request.toBuilder()
            .setWrite(w).build(), w.getRequestId(), BundleActivationResponse::getWrite);
    }

    /**
     * Reactivates an earlier version.
     *
     * @param toVersion the version to reactivate; 0 = the one active before the current one
     */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> rollback(final long toVersion) {
        if (toVersion < 0) {
            return invalid("rollbackBundle", "version must be >= 0 (0 = the previously active version)");
        }
        return rollback(RollbackBundleRequest.newBuilder().setToVersion(toVersion).build());
    }

    /** Rolls back from a raw request. */
    public CompletableFuture<WriteReceipt<BundleActivationResponse>> rollback(final RollbackBundleRequest request) {
        final WriteOptions w = AsyncBulwarkClient.withRequestId(request.getWrite());
        if (w == null) {
            return AsyncBulwarkClient.badRequestId("rollbackBundle");
        }
        return client.write("rollbackBundle", PolicyServiceGrpc.getRollbackBundleMethod(), request.toBuilder()
            .setWrite(w).build(), w.getRequestId(), BundleActivationResponse::getWrite);
    }

    // ---------------------------------------------------------------- reads

    /** Versions (newest first) and activation events, at most {@code limit} of each (0 = the server's 50). */
    public CompletableFuture<ListBundleVersionsResponse> list(final int limit) {
        return list(ListBundleVersionsRequest.newBuilder().setLimit(limit).setRead(client.defaultRead()).build());
    }

    /** Versions and history at the given freshness. */
    public CompletableFuture<ListBundleVersionsResponse> list(final int limit, final Freshness freshness) {
        return list(ListBundleVersionsRequest.newBuilder().setLimit(limit).setRead(client.readOptions(freshness))
            .build());
    }

    /** Versions and history from a raw request. */
    public CompletableFuture<ListBundleVersionsResponse> list(final ListBundleVersionsRequest request) {
        final ListBundleVersionsRequest r = request.hasRead() ? request
            : request.toBuilder().setRead(client.defaultRead()).build();
        return client.read("listBundleVersions", PolicyServiceGrpc.getListBundleVersionsMethod(), r,
            ListBundleVersionsResponse::getMeta);
    }

    /** The active and shadowed versions, and the answering node's shadow flips, at the default freshness. */
    public CompletableFuture<GetBundleStatusResponse> status() {
        return status(GetBundleStatusRequest.newBuilder().setRead(client.defaultRead()).build());
    }

    /** Status at the given freshness (the flips are still the answering node's own). */
    public CompletableFuture<GetBundleStatusResponse> status(final Freshness freshness) {
        return status(GetBundleStatusRequest.newBuilder().setRead(client.readOptions(freshness)).build());
    }

    /** Status from a raw request. */
    public CompletableFuture<GetBundleStatusResponse> status(final GetBundleStatusRequest request) {
        final GetBundleStatusRequest r = request.hasRead() ? request
            : request.toBuilder().setRead(client.defaultRead()).build();
        return client.read("getBundleStatus", PolicyServiceGrpc.getGetBundleStatusMethod(), r,
            GetBundleStatusResponse::getMeta);
    }

    /**
     * The status of the node at {@code address} ({@code host:port}): one attempt, no failover, read LOCAL (its own
     * applied state and its own flip counters).
     */
    public CompletableFuture<GetBundleStatusResponse> statusAt(final String address) {
        final String problem = Endpoints.problem(address);
        if (problem != null) {
            return invalid("getBundleStatus", "address '" + address + "' " + problem);
        }
        return statusAt(pool.forAddress(address));
    }

    /**
     * Every member's bundle status: the members are found as {@link ClusterOps#clusterStatus()} finds them, then
     * each is asked (one attempt each, in parallel). Shadow flips are counted per node, so a rollout decision needs
     * this sum, not one node's answer. Never fails because a member is down; the view records why it did not
     * answer.
     */
    public CompletableFuture<BundleStatusView> statusOfEveryNode() {
        return cluster.clusterStatus().thenCompose(view -> {
            final Map<NodeStatus, CompletableFuture<GetBundleStatusResponse>> answers = new LinkedHashMap<>();
            for (final NodeStatus n : view.nodes()) {
                answers.put(n, statusAt(pool.forAddress(n.address())));
            }
            return ClusterOps.settled(answers.values()).thenApply(ignored -> assemble(answers));
        });
    }

    private CompletableFuture<GetBundleStatusResponse> statusAt(final Endpoint endpoint) {
        final GetBundleStatusRequest request = GetBundleStatusRequest.newBuilder()
            .setRead(Freshness.local().toProto(0)).build();
        // One attempt: a member that is down is reported quickly, not retried.
        return client.tracked(runner.call("getBundleStatus", PolicyServiceGrpc.getGetBundleStatusMethod(), request,
            CallKind.READ, endpoint, null, 0), GetBundleStatusResponse::getMeta);
    }

    private static BundleStatusView assemble(
        final Map<NodeStatus, CompletableFuture<GetBundleStatusResponse>> answers) {
        final List<NodeBundleStatus> nodes = new ArrayList<>();
        for (final Map.Entry<NodeStatus, CompletableFuture<GetBundleStatusResponse>> e : answers.entrySet()) {
            final NodeStatus member = e.getKey();
            try {
                final GetBundleStatusResponse s = e.getValue().join();
                final String id = s.getMeta().getNodeId().isEmpty() ? member.nodeId() : s.getMeta().getNodeId();
                nodes.add(new NodeBundleStatus(member.address(), id, s, null));
            } catch (final CompletionException failure) {
                nodes.add(new NodeBundleStatus(member.address(), member.nodeId(), null,
                    failure.getCause() instanceof BulwarkException ? (BulwarkException) failure.getCause()
                        : BulwarkException.local("getBundleStatus", Status.Code.UNKNOWN,
                            String.valueOf(failure.getCause()))));
            }
        }
        return new BundleStatusView(nodes);
    }

    private static <T> CompletableFuture<T> invalid(final String operation, final String message) {
        return CompletableFuture.failedFuture(BulwarkException.local(operation, Status.Code.INVALID_ARGUMENT,
            message));
    }
}
