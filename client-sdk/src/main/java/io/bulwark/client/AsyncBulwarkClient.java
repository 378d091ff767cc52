package io.bulwark.client;

import com.google.protobuf.Message;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.ListSessionsRequest;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.ReadMeta;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.RevokeSessionResponse;
import io.bulwark.api.v1.SessionSelector;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.TouchSessionResponse;
import io.bulwark.api.v1.WriteOptions;
import io.bulwark.api.v1.WriteResult;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The asynchronous face of a {@link BulwarkClient}: every call returns a {@link CompletableFuture} that
 * completes with the response or exceptionally with a {@link BulwarkException}. Thread-safe.
 *
 * <p>Futures complete on gRPC's threads: keep dependent stages short, or use the {@code *Async} stage methods
 * with an executor of your own. Cancelling a future cancels the attempt in flight and stops retries.
 *
 * <p>Methods taking a raw request send it as given, except that an empty {@code write.request_id} is filled with
 * a new id and an absent {@code read} is filled with the client's default freshness.
 */
public final class AsyncBulwarkClient {
    private final CallRunner runner;
    private final ClusterOps cluster;
    private final BundleOps bundles;
    private final Freshness defaultFreshness;
    private final AtomicLong highestSeenIndex = new AtomicLong();

    AsyncBulwarkClient(final CallRunner runner, final ClusterOps cluster, final EndpointPool pool,
                       final ClientConfig config) {
        this.runner = runner;
        this.cluster = cluster;
        this.defaultFreshness = config.defaultFreshness();
        this.bundles = new BundleOps(this, runner, pool, cluster);
    }

    /** The highest consistency token this client has seen in a write receipt or read answer (0: none yet). */
    public long highestSeenIndex() {
        return highestSeenIndex.get();
    }

    // ---------------------------------------------------------------- sessions

    /** Creates a session for {@code subject} living {@code ttl}; the node generates the id. */
    public CompletableFuture<WriteReceipt<CreateSessionResponse>> createSession(final String subject,
                                                                                 final Duration ttl) {
        return createSession(CreateSessionRequest.newBuilder().setSubject(subject).setTtlMs(ttl.toMillis()).build());
    }

    /** Creates a session from a raw request (e.g. with a caller-chosen session id). */
    public CompletableFuture<WriteReceipt<CreateSessionResponse>> createSession(final CreateSessionRequest request) {
        final WriteOptions w = withRequestId(request.getWrite());
        if (w == null) {
            return badRequestId("createSession");
        }
        return write("createSession", SessionServiceGrpc.getCreateSessionMethod(),
            request.toBuilder().setWrite(w).build(), w.getRequestId(), CreateSessionResponse::getWrite);
    }

    /** Reads one session at the client's default freshness. */
    public CompletableFuture<GetSessionResponse> getSession(final SessionSelector session) {
        return getSession(session, defaultFreshness);
    }

    /** Reads one session at the given freshness. */
    public CompletableFuture<GetSessionResponse> getSession(final SessionSelector session, final Freshness freshness) {
        return getSession(GetSessionRequest.newBuilder().setSession(session).setRead(readOptions(freshness)).build());
    }

    /** Reads one session from a raw request. */
    public CompletableFuture<GetSessionResponse> getSession(final GetSessionRequest request) {
        final GetSessionRequest r = request.hasRead() ? request : request.toBuilder().setRead(defaultRead()).build();
        return read("getSession", SessionServiceGrpc.getGetSessionMethod(), r, GetSessionResponse::getMeta);
    }

    /** Extends a live session to now + {@code ttl}; null or zero uses the session's own ttl. */
    public CompletableFuture<WriteReceipt<TouchSessionResponse>> touchSession(final SessionSelector session,
                                                                               final Duration ttl) {
        return touchSession(TouchSessionRequest.newBuilder().setSession(session)
            .setTtlMs(ttl == null ? 0 : ttl.toMillis()).build());
    }

    /** Touches a session from a raw request. */
    public CompletableFuture<WriteReceipt<TouchSessionResponse>> touchSession(final TouchSessionRequest request) {
        final WriteOptions w = withRequestId(request.getWrite());
        if (w == null) {
            return badRequestId("touchSession");
        }
        return write("touchSession", SessionServiceGrpc.getTouchSessionMethod(),
            request.toBuilder().setWrite(w).build(), w.getRequestId(), TouchSessionResponse::getWrite);
    }

    /** Lists up to {@code limit} sessions of a subject (0 = the server's default) at the default freshness. */
    public CompletableFuture<ListSessionsResponse> listSessions(final String subject, final int limit) {
        return listSessions(subject, limit, defaultFreshness);
    }

    /** Lists a subject's sessions at the given freshness. */
    public CompletableFuture<ListSessionsResponse> listSessions(final String subject, final int limit,
                                                                final Freshness freshness) {
        return listSessions(ListSessionsRequest.newBuilder().setSubject(subject).setLimit(limit)
            .setRead(readOptions(freshness)).build());
    }

    /** Lists sessions from a raw request. */
    public CompletableFuture<ListSessionsResponse> listSessions(final ListSessionsRequest request) {
        final ListSessionsRequest r = request.hasRead() ? request : request.toBuilder().setRead(defaultRead()).build();
        return read("listSessions", SessionServiceGrpc.getListSessionsMethod(), r, ListSessionsResponse::getMeta);
    }

    /** Revokes a session through the session service (its state becomes REVOKED). */
    public CompletableFuture<WriteReceipt<RevokeSessionResponse>> revokeSession(final SessionSelector session,
                                                                                 final RevocationReason reason) {
        return revokeSession(RevokeSessionRequest.newBuilder().setSession(session).setReason(reason).build());
    }

    /** Revokes a session from a raw request. */
    public CompletableFuture<WriteReceipt<RevokeSessionResponse>> revokeSession(final RevokeSessionRequest request) {
        final WriteOptions w = withRequestId(request.getWrite());
        if (w == null) {
            return badRequestId("revokeSession");
        }
        return write("revokeSession", SessionServiceGrpc.getRevokeSessionMethod(),
            request.toBuilder().setWrite(w).build(), w.getRequestId(), RevokeSessionResponse::getWrite);
    }

    // ---------------------------------------------------------------- revocations

    /** Revokes a credential from a raw request (any target). */
    public CompletableFuture<WriteReceipt<RevokeResponse>> revoke(final RevokeRequest request) {
        final WriteOptions w = withRequestId(request.getWrite());
        if (w == null) {
            return badRequestId("revoke");
        }
        return write("revoke", RevocationServiceGrpc.getRevokeMethod(), request.toBuilder().setWrite(w).build(),
            w.getRequestId(), RevokeResponse::getWrite);
    }

    /**
     * Revokes a token by issuer and token id.
     *
     * @param expiresAt when the revocation may be purged (usually the token's own expiry); null = the node's
     *                  configured retention
     */
    public CompletableFuture<WriteReceipt<RevokeResponse>> revokeToken(final String issuer, final String tokenId,
                                                                       final Instant expiresAt,
                                                                       final RevocationReason reason) {
        return revoke(revokeRequest(Selectors.token(issuer, tokenId), 0, expiresAt, reason));
    }

    /** Puts a session on the revocation list (the revocation service's session target). */
    public CompletableFuture<WriteReceipt<RevokeResponse>> revokeSessionCredential(final SessionSelector session,
                                                                                   final Instant expiresAt,
                                                                                   final RevocationReason reason) {
        return revoke(revokeRequest(Selectors.session(session), 0, expiresAt, reason));
    }

    /**
     * Revokes every credential of {@code subject} issued before {@code notBefore} (null = now). A later cut-off
     * replaces an earlier one; an earlier one never moves it back.
     */
    public CompletableFuture<WriteReceipt<RevokeResponse>> revokeSubject(final String subject, final Instant notBefore,
                                                                         final RevocationReason reason) {
        return revoke(revokeRequest(Selectors.subject(subject), notBefore == null ? 0 : notBefore.toEpochMilli(),
            null, reason));
    }

    /** Revokes an API key by its public id. */
    public CompletableFuture<WriteReceipt<RevokeResponse>> revokeApiKey(final String apiKeyId, final Instant expiresAt,
                                                                        final RevocationReason reason) {
        return revoke(revokeRequest(Selectors.apiKey(apiKeyId), 0, expiresAt, reason));
    }

    /** Tells whether a credential is revoked, at the default freshness. */
    public CompletableFuture<GetRevocationResponse> getRevocation(final RevocationTarget target) {
        return getRevocation(target, defaultFreshness);
    }

    /** Tells whether a credential is revoked, at the given freshness. */
    public CompletableFuture<GetRevocationResponse> getRevocation(final RevocationTarget target,
                                                                  final Freshness freshness) {
        return getRevocation(GetRevocationRequest.newBuilder().setTarget(target).setRead(readOptions(freshness))
            .build());
    }

    /** Queries a revocation from a raw request. */
    public CompletableFuture<GetRevocationResponse> getRevocation(final GetRevocationRequest request) {
        final GetRevocationRequest r = request.hasRead() ? request
            : request.toBuilder().setRead(defaultRead()).build();
        return read("getRevocation", RevocationServiceGrpc.getGetRevocationMethod(), r, GetRevocationResponse::getMeta);
    }

    // ---------------------------------------------------------------- check

    /** Checks a session id at the default freshness. */
    public CompletableFuture<CheckResponse> checkSession(final String sessionId) {
        return checkSession(sessionId, defaultFreshness);
    }

    /** Checks a session id at the given freshness. */
    public CompletableFuture<CheckResponse> checkSession(final String sessionId, final Freshness freshness) {
        return check(CheckRequest.newBuilder().setSessionId(sessionId).setRead(readOptions(freshness)).build());
    }

    /** Checks a token the caller has verified, by its claims, at the default freshness. */
    public CompletableFuture<CheckResponse> checkToken(final TokenClaims claims) {
        return checkToken(claims, defaultFreshness);
    }

    /** Checks a token by its claims at the given freshness. */
    public CompletableFuture<CheckResponse> checkToken(final TokenClaims claims, final Freshness freshness) {
        return check(CheckRequest.newBuilder().setToken(claims).setRead(readOptions(freshness)).build());
    }

    /**
     * Checks a bearer JWT (compact serialization) for a request, at the default freshness. The node verifies the
     * token against the active bundle's issuers and decides with the bundle's routes and rules.
     *
     * @param bearerToken the token as presented by the caller; a secret: the SDK never logs it or puts it into an
     *                    exception message
     * @param request     what is being accessed (method, path, lower-case header names, source ip, tenant); null
     *                    for none
     */
    public CompletableFuture<CheckResponse> checkBearer(final String bearerToken, final RequestAttributes request) {
        return checkBearer(bearerToken, request, defaultFreshness);
    }

    /** Checks a bearer JWT for a request at the given freshness. */
    public CompletableFuture<CheckResponse> checkBearer(final String bearerToken, final RequestAttributes request,
                                                        final Freshness freshness) {
        final CheckRequest.Builder b = CheckRequest.newBuilder().setBearerToken(bearerToken)
            .setRead(readOptions(freshness));
        if (request != null) {
            b.setRequest(request);
        }
        return check(b.build());
    }

    /** Checks a session id for a request (attributes the active bundle's routes and rules read). */
    public CompletableFuture<CheckResponse> checkSession(final String sessionId, final RequestAttributes request,
                                                         final Freshness freshness) {
        final CheckRequest.Builder b = CheckRequest.newBuilder().setSessionId(sessionId)
            .setRead(readOptions(freshness));
        if (request != null) {
            b.setRequest(request);
        }
        return check(b.build());
    }

    /** Checks from a raw request. The answer's applied index raises {@link #highestSeenIndex()}. */
    public CompletableFuture<CheckResponse> check(final CheckRequest request) {
        final CheckRequest r = request.hasRead() ? request : request.toBuilder().setRead(defaultRead()).build();
        return CallRunner.map(runner.call("check", CheckServiceGrpc.getCheckMethod(), r, CallKind.READ), resp -> {
            observe(resp.getAppliedIndex());
            return resp;
        });
    }

    // ---------------------------------------------------------------- cluster

    /** The cluster operations: status of one node or all members, snapshots, leadership transfer. */
    public ClusterOps cluster() {
        return cluster;
    }

    // ---------------------------------------------------------------- policy bundles

    /** Policy bundle versions on the cluster: push, shadow, promote, roll back, history, status. */
    public BundleOps bundles() {
        return bundles;
    }

    // ---------------------------------------------------------------- plumbing

    ReadOptions readOptions(final Freshness freshness) {
        return freshness.toProto(highestSeenIndex.get());
    }

    ReadOptions defaultRead() {
        return defaultFreshness.toProto(highestSeenIndex.get());
    }

    private void observe(final long index) {
        long seen = highestSeenIndex.get();
        while (index > seen && !highestSeenIndex.compareAndSet(seen, index)) {
            seen = highestSeenIndex.get();
        }
    }

    /** The write options with a request id: the given valid one, a new one when empty, null when malformed. */
    static WriteOptions withRequestId(final WriteOptions w) {
        if (w.getRequestId().isEmpty()) {
            return w.toBuilder().setRequestId(RequestIds.newRequestId()).build();
        }
        return RequestIds.isValid(w.getRequestId()) ? w : null;
    }

    static <T> CompletableFuture<T> badRequestId(final String operation) {
        return CompletableFuture.failedFuture(BulwarkException.local(operation, Status.Code.INVALID_ARGUMENT,
            ErrorReason.INVALID_REQUEST_ID, "request id must be 1-" + RequestIds.MAX_LENGTH
                + " characters of [A-Za-z0-9._:-]"));
    }

    private static RevokeRequest revokeRequest(final RevocationTarget target, final long notBeforeMs,
                                               final Instant expiresAt, final RevocationReason reason) {
        return RevokeRequest.newBuilder().setTarget(target).setNotBeforeMs(notBeforeMs)
            .setExpiresAtMs(expiresAt == null ? 0 : expiresAt.toEpochMilli())
            .setReason(reason == null ? RevocationReason.REVOCATION_REASON_UNSPECIFIED : reason).build();
    }

    /** Runs a write (retried with its request id) and turns the answer into a receipt that raises the seen index. */
    <Q extends Message, R extends Message> CompletableFuture<WriteReceipt<R>> write(
        final String operation, final MethodDescriptor<Q, R> method, final Q request, final String requestId,
        final Function<R, WriteResult> result) {
        return CallRunner.map(runner.call(operation, method, request, CallKind.IDEMPOTENT_WRITE), response -> {
            final WriteResult w = result.apply(response);
            observe(w.getAppliedIndex());
            return new WriteReceipt<>(response, w.getAppliedIndex(), w.getDuplicate(), requestId);
        });
    }

    /** Runs a read over the rotation; its meta's applied index raises the seen index. */
    <Q, R> CompletableFuture<R> read(final String operation, final MethodDescriptor<Q, R> method,
                                     final Q request, final Function<R, ReadMeta> meta) {
        return tracked(runner.call(operation, method, request, CallKind.READ), meta);
    }

    /** {@code call} whose answer's meta applied index raises the seen index. */
    <R> CompletableFuture<R> tracked(final CompletableFuture<R> call, final Function<R, ReadMeta> meta) {
        return CallRunner.map(call, response -> {
            observe(meta.apply(response).getAppliedIndex());
            return response;
        });
    }
}
