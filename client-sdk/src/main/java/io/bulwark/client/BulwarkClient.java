package io.bulwark.client;

import io.bulwark.api.v1.BundleActivationResponse;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.GetBundleStatusRequest;
import io.bulwark.api.v1.GetBundleStatusResponse;
import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.ListBundleVersionsRequest;
import io.bulwark.api.v1.ListBundleVersionsResponse;
import io.bulwark.api.v1.ListSessionsRequest;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.MembershipResponse;
import io.bulwark.api.v1.PromoteBundleRequest;
import io.bulwark.api.v1.PushBundleRequest;
import io.bulwark.api.v1.PushBundleResponse;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.RevokeSessionResponse;
import io.bulwark.api.v1.RollbackBundleRequest;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SetShadowRequest;
import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.TouchSessionResponse;
import io.bulwark.api.v1.TransferLeadershipResponse;
import io.grpc.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Bulwark client: sessions, revocations, checks, policy bundle versions and cluster operations against a Bulwark cluster, with
 * deadlines, bounded retries, failover and consistency tokens (see the package documentation for the retry and
 * failover rules).
 *
 * <pre>{@code
 * try (BulwarkClient client = BulwarkClient.builder()
 *         .endpoints(List.of("10.0.0.1:7001", "10.0.0.2:7001", "10.0.0.3:7001"))
 *         .defaultDeadline(Duration.ofMillis(500))
 *         .build()) {
 *     WriteReceipt<RevokeResponse> r = client.revokeToken(iss, jti, exp, RevocationReason.REVOCATION_REASON_LOGOUT);
 *     CheckResponse c = client.checkToken(claims, Freshness.atLeast(r.appliedIndex())); // sees the revocation
 * }
 * }</pre>
 *
 * <p>Thread-safe: share one client per process. Blocking methods wait on the asynchronous ones of
 * {@link #async()} and throw {@link BulwarkException}; an interrupted wait cancels the call and throws a
 * {@code CANCELLED} exception with the interrupt flag restored.
 */
public final class BulwarkClient implements AutoCloseable {
    private static final long CLOSE_WAIT_MS = 5_000;

    private final ClientConfig config;
    private final EndpointPool pool;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AsyncBulwarkClient async;

    BulwarkClient(final ClientConfig config, final LongSupplier nanoClock) {
        this.config = config;
        this.pool = new EndpointPool(config.endpoints(), config.selection(), config.actor());
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, "bulwark-client-retry");
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        final CallRunner runner = new CallRunner(pool, config, scheduler, nanoClock);
        this.async = new AsyncBulwarkClient(runner, new ClusterOps(runner, pool, config), pool, config);
    }

    /** A new builder. */
    public static BulwarkClientBuilder builder() {
        return new BulwarkClientBuilder();
    }

    /** The validated configuration. */
    public ClientConfig config() {
        return config;
    }

    /** The asynchronous face of this client (same channels, same session-consistency state). */
    public AsyncBulwarkClient async() {
        return async;
    }

    /** The highest consistency token this client has seen (0: none yet). */
    public long highestSeenIndex() {
        return async.highestSeenIndex();
    }

    /** See {@link AsyncBulwarkClient#createSession(String, Duration)}. */
    public WriteReceipt<CreateSessionResponse> createSession(final String subject, final Duration ttl) {
        return await(async.createSession(subject, ttl));
    }

    /** See {@link AsyncBulwarkClient#createSession(CreateSessionRequest)}. */
    public WriteReceipt<CreateSessionResponse> createSession(final CreateSessionRequest request) {
        return await(async.createSession(request));
    }

    /** See {@link AsyncBulwarkClient#getSession(SessionSelector)}. */
    public GetSessionResponse getSession(final SessionSelector session) {
        return await(async.getSession(session));
    }

    /** See {@link AsyncBulwarkClient#getSession(SessionSelector, Freshness)}. */
    public GetSessionResponse getSession(final SessionSelector session, final Freshness freshness) {
        return await(async.getSession(session, freshness));
    }

    /** See {@link AsyncBulwarkClient#getSession(GetSessionRequest)}. */
    public GetSessionResponse getSession(final GetSessionRequest request) {
        return await(async.getSession(request));
    }

    /** See {@link AsyncBulwarkClient#touchSession(SessionSelector, Duration)}. */
    public WriteReceipt<TouchSessionResponse> touchSession(final SessionSelector session, final Duration ttl) {
        return await(async.touchSession(session, ttl));
    }

    /** See {@link AsyncBulwarkClient#touchSession(TouchSessionRequest)}. */
    public WriteReceipt<TouchSessionResponse> touchSession(final TouchSessionRequest request) {
        return await(async.touchSession(request));
    }

    /** See {@link AsyncBulwarkClient#listSessions(String, int)}. */
    public ListSessionsResponse listSessions(final String subject, final int limit) {
        return await(async.listSessions(subject, limit));
    }

    /** See {@link AsyncBulwarkClient#listSessions(String, int, Freshness)}. */
    public ListSessionsResponse listSessions(final String subject, final int limit, final Freshness freshness) {
        return await(async.listSessions(subject, limit, freshness));
    }

    /** See {@link AsyncBulwarkClient#listSessions(ListSessionsRequest)}. */
    public ListSessionsResponse listSessions(final ListSessionsRequest request) {
        return await(async.listSessions(request));
    }

    /** See {@link AsyncBulwarkClient#revokeSession(SessionSelector, RevocationReason)}. */
    public WriteReceipt<RevokeSessionResponse> revokeSession(final SessionSelector session,
                                                             final RevocationReason reason) {
        return await(async.revokeSession(session, reason));
    }

    /** See {@link AsyncBulwarkClient#revokeSession(RevokeSessionRequest)}. */
    public WriteReceipt<RevokeSessionResponse> revokeSession(final RevokeSessionRequest request) {
        return await(async.revokeSession(request));
    }

    /** See {@link AsyncBulwarkClient#revoke(RevokeRequest)}. */
    public WriteReceipt<RevokeResponse> revoke(final RevokeRequest request) {
        return await(async.revoke(request));
    }

    /** See {@link AsyncBulwarkClient#revokeToken(String, String, Instant, RevocationReason)}. */
    public WriteReceipt<RevokeResponse> revokeToken(final String issuer, final String tokenId, final Instant expiresAt,
                                                    final RevocationReason reason) {
        return await(async.revokeToken(issuer, tokenId, expiresAt, reason));
    }

    /** See {@link AsyncBulwarkClient#revokeSessionCredential(SessionSelector, Instant, RevocationReason)}. */
    public WriteReceipt<RevokeResponse> revokeSessionCredential(final SessionSelector session, final Instant expiresAt,
                                                                final RevocationReason reason) {
        return await(async.revokeSessionCredential(session, expiresAt, reason));
    }

    /** See {@link AsyncBulwarkClient#revokeSubject(String, Instant, RevocationReason)}. */
    public WriteReceipt<RevokeResponse> revokeSubject(final String subject, final Instant notBefore,
                                                      final RevocationReason reason) {
        return await(async.revokeSubject(subject, notBefore, reason));
    }

    /** See {@link AsyncBulwarkClient#revokeApiKey(String, Instant, RevocationReason)}. */
    public WriteReceipt<RevokeResponse> revokeApiKey(final String apiKeyId, final Instant expiresAt,
                                                     final RevocationReason reason) {
        return await(async.revokeApiKey(apiKeyId, expiresAt, reason));
    }

    /** See {@link AsyncBulwarkClient#getRevocation(RevocationTarget)}. */
    public GetRevocationResponse getRevocation(final RevocationTarget target) {
        return await(async.getRevocation(target));
    }

    /** See {@link AsyncBulwarkClient#getRevocation(RevocationTarget, Freshness)}. */
    public GetRevocationResponse getRevocation(final RevocationTarget target, final Freshness freshness) {
        return await(async.getRevocation(target, freshness));
    }

    /** See {@link AsyncBulwarkClient#getRevocation(GetRevocationRequest)}. */
    public GetRevocationResponse getRevocation(final GetRevocationRequest request) {
        return await(async.getRevocation(request));
    }

    /** See {@link AsyncBulwarkClient#checkSession(String)}. */
    public CheckResponse checkSession(final String sessionId) {
        return await(async.checkSession(sessionId));
    }

    /** See {@link AsyncBulwarkClient#checkSession(String, Freshness)}. */
    public CheckResponse checkSession(final String sessionId, final Freshness freshness) {
        return await(async.checkSession(sessionId, freshness));
    }

    /** See {@link AsyncBulwarkClient#checkToken(TokenClaims)}. */
    public CheckResponse checkToken(final TokenClaims claims) {
        return await(async.checkToken(claims));
    }

    /** See {@link AsyncBulwarkClient#checkToken(TokenClaims, Freshness)}. */
    public CheckResponse checkToken(final TokenClaims claims, final Freshness freshness) {
        return await(async.checkToken(claims, freshness));
    }

    /** See {@link AsyncBulwarkClient#check(CheckRequest)}. */
    public CheckResponse check(final CheckRequest request) {
        return await(async.check(request));
    }

    /** See {@link AsyncBulwarkClient#checkBearer(String, RequestAttributes)}. */
    public CheckResponse checkBearer(final String bearerToken, final RequestAttributes request) {
        return await(async.checkBearer(bearerToken, request));
    }

    /** See {@link AsyncBulwarkClient#checkBearer(String, RequestAttributes, Freshness)}. */
    public CheckResponse checkBearer(final String bearerToken, final RequestAttributes request,
                                     final Freshness freshness) {
        return await(async.checkBearer(bearerToken, request, freshness));
    }

    /** See {@link AsyncBulwarkClient#checkSession(String, RequestAttributes, Freshness)}. */
    public CheckResponse checkSession(final String sessionId, final RequestAttributes request,
                                      final Freshness freshness) {
        return await(async.checkSession(sessionId, request, freshness));
    }

    // ---------------------------------------------------------------- policy bundles

    /** See {@link BundleOps#push(byte[])}. */
    public WriteReceipt<PushBundleResponse> pushBundle(final byte[] signedBundle) {
        return await(async.bundles().push(signedBundle));
    }

    /** See {@link BundleOps#push(PushBundleRequest)}. */
    public WriteReceipt<PushBundleResponse> pushBundle(final PushBundleRequest request) {
        return await(async.bundles().push(request));
    }

    /** See {@link BundleOps#shadow(long)}. */
    public WriteReceipt<BundleActivationResponse> shadowBundle(final long version) {
        return await(async.bundles().shadow(version));
    }

    /** See {@link BundleOps#stopShadow()}. */
    public WriteReceipt<BundleActivationResponse> stopShadow() {
        return await(async.bundles().stopShadow());
    }

    /** See {@link BundleOps#setShadow(SetShadowRequest)}. */
    public WriteReceipt<BundleActivationResponse> setShadow(final SetShadowRequest request) {
        return await(async.bundles().setShadow(request));
    }

    /** See {@link BundleOps#promote(long, String)}. */
    public WriteReceipt<BundleActivationResponse> promoteBundle(final long version, final String expectedActiveHash) {
        return await(async.bundles().promote(version, expectedActiveHash));
    }

    /** See {@link BundleOps#promote(PromoteBundleRequest)}. */
    public WriteReceipt<BundleActivationResponse> promoteBundle(final PromoteBundleRequest request) {
        return await(async.bundles().promote(request));
    }

    /** See {@link BundleOps#rollback(long)}. */
    public WriteReceipt<BundleActivationResponse> rollbackBundle(final long toVersion) {
        return await(async.bundles().rollback(toVersion));
    }

    /** See {@link BundleOps#rollback(RollbackBundleRequest)}. */
    public WriteReceipt<BundleActivationResponse> rollbackBundle(final RollbackBundleRequest request) {
        return await(async.bundles().rollback(request));
    }

    /** See {@link BundleOps#list(int)}. */
    public ListBundleVersionsResponse listBundleVersions(final int limit) {
        return await(async.bundles().list(limit));
    }

    /** See {@link BundleOps#list(int, Freshness)}. */
    public ListBundleVersionsResponse listBundleVersions(final int limit, final Freshness freshness) {
        return await(async.bundles().list(limit, freshness));
    }

    /** See {@link BundleOps#list(ListBundleVersionsRequest)}. */
    public ListBundleVersionsResponse listBundleVersions(final ListBundleVersionsRequest request) {
        return await(async.bundles().list(request));
    }

    /** See {@link BundleOps#status(GetBundleStatusRequest)}. */
    public GetBundleStatusResponse bundleStatus(final GetBundleStatusRequest request) {
        return await(async.bundles().status(request));
    }

    /** See {@link BundleOps#status()}. */
    public GetBundleStatusResponse bundleStatus() {
        return await(async.bundles().status());
    }

    /** See {@link BundleOps#statusAt(String)}. */
    public GetBundleStatusResponse bundleStatus(final String address) {
        return await(async.bundles().statusAt(address));
    }

    /** See {@link BundleOps#statusOfEveryNode()}. */
    public BundleStatusView bundleStatusOfEveryNode() {
        return await(async.bundles().statusOfEveryNode());
    }

    /** See {@link ClusterOps#status()}. */
    public StatusResponse status() {
        return await(async.cluster().status());
    }

    /** See {@link ClusterOps#status(String)}. */
    public StatusResponse status(final String address) {
        return await(async.cluster().status(address));
    }

    /** See {@link ClusterOps#clusterStatus()}. */
    public ClusterView clusterStatus() {
        return await(async.cluster().clusterStatus());
    }

    /** See {@link ClusterOps#snapshot(String)}. */
    public SnapshotResponse snapshot(final String nodeId) {
        return await(async.cluster().snapshot(nodeId));
    }

    /** See {@link ClusterOps#transferLeadership(String, Duration)}. */
    public TransferLeadershipResponse transferLeadership(final String toNodeId, final Duration timeout) {
        return await(async.cluster().transferLeadership(toNodeId, timeout));
    }

    /** See {@link ClusterOps#addMember(String, String, String, Duration)}. */
    public MembershipResponse addMember(final String nodeId, final String raftAddress, final String apiAddress,
                                        final Duration timeout) {
        return await(async.cluster().addMember(nodeId, raftAddress, apiAddress, timeout));
    }

    /** See {@link ClusterOps#removeMember(String, Duration)}. */
    public MembershipResponse removeMember(final String nodeId, final Duration timeout) {
        return await(async.cluster().removeMember(nodeId, timeout));
    }

    /** Closes every channel (waiting up to 5 s for calls in flight) and stops retries. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.close(CLOSE_WAIT_MS);
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T await(final CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (final ExecutionException e) {
            throw rethrowable(e.getCause());
        } catch (final InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw BulwarkException.local("call", Status.Code.CANCELLED, "interrupted while waiting");
        } catch (final CancellationException e) {
            throw BulwarkException.local("call", Status.Code.CANCELLED, "cancelled");
        }
    }

    private static RuntimeException rethrowable(final Throwable cause) {
        Throwable c = cause;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof BulwarkException) {
            return ((BulwarkException) c).inCallerThread();
        }
        if (c instanceof RuntimeException) {
            return (RuntimeException) c;
        }
        return BulwarkException.local("call", Status.Code.UNKNOWN, String.valueOf(c));
    }
}
