package io.bulwark.bench.load;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.RequestAttributes;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TokenRef;
import io.bulwark.api.v1.WriteOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bulwark's workloads over raw gRPC future stubs, spread round-robin over every endpoint
 * (checks are served by whichever node receives them; writes are forwarded to the leader), or,
 * after {@link #routeWritesToLeader}, with every write sent to the leader the way the client SDK
 * sends them ({@code BulwarkClientBuilder.writesToLeader}).
 * Requests a workload sends repeatedly are built once in {@link #prepareChecks}, so the client
 * spends its CPU on the wire, not on building messages.
 */
public final class BulwarkTarget implements AutoCloseable {
    static final long SESSION_TTL_MS = Duration.ofHours(2).toMillis();

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final CheckServiceGrpc.CheckServiceFutureStub[] check;
    private final SessionServiceGrpc.SessionServiceFutureStub[] sessions;
    private final RevocationServiceGrpc.RevocationServiceFutureStub[] revocations;
    private final long deadlineMs;
    /** Distinguishes this run's ids from earlier runs' on the same cluster. */
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private CheckRequest[] checkRequests = new CheckRequest[0];
    /** Endpoint index every write goes to, or -1: writes are spread like reads. */
    private volatile int writeNode = -1;

    public BulwarkTarget(List<String> endpoints, Duration deadline) {
        int n = endpoints.size();
        check = new CheckServiceGrpc.CheckServiceFutureStub[n];
        sessions = new SessionServiceGrpc.SessionServiceFutureStub[n];
        revocations = new RevocationServiceGrpc.RevocationServiceFutureStub[n];
        for (int i = 0; i < n; i++) {
            ManagedChannel ch = NettyChannelBuilder.forTarget(endpoints.get(i)).usePlaintext()
                    .directExecutor().build();
            channels.add(ch);
            check[i] = CheckServiceGrpc.newFutureStub(ch);
            sessions[i] = SessionServiceGrpc.newFutureStub(ch);
            revocations[i] = RevocationServiceGrpc.newFutureStub(ch);
        }
        this.deadlineMs = deadline.toMillis();
    }

    private int pick(long seq) {
        return (int) (seq % channels.size());
    }

    private int pickForWrite(long seq) {
        final int node = writeNode;
        return node >= 0 ? node : pick(seq);
    }

    /**
     * Sends every later write to the endpoint whose node reports itself leader now, and returns that
     * endpoint. Should leadership move during the run, writes still succeed (the node forwards them).
     *
     * @throws IllegalStateException when no endpoint reports itself leader
     */
    public String routeWritesToLeader() {
        for (int i = 0; i < channels.size(); i++) {
            final NodeRole role = ClusterServiceGrpc.newBlockingStub(channels.get(i))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance()).getRole();
            if (role == NodeRole.NODE_ROLE_LEADER) {
                writeNode = i;
                return channels.get(i).authority();
            }
        }
        throw new IllegalStateException("bulwark: no endpoint reports itself leader");
    }

    String sessionId(long i) {
        return "bench-" + runId + "-session-" + i;
    }

    public ListenableFuture<?> createSession(long seq) {
        CreateSessionRequest req = CreateSessionRequest.newBuilder()
                .setSessionId(sessionId(seq))
                .setSubject("bench-user-" + (seq % 100_000))
                .setTtlMs(SESSION_TTL_MS)
                .setWrite(WriteOptions.newBuilder().setRequestId("bench-" + runId + "-cs-" + seq))
                .build();
        return sessions[pickForWrite(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).createSession(req);
    }

    public ListenableFuture<?> revokeToken(long seq) {
        RevokeRequest req = RevokeRequest.newBuilder()
                .setTarget(RevocationTarget.newBuilder().setToken(TokenRef.newBuilder()
                        .setIssuer("https://id.bench.test").setTokenId("bench-" + runId + "-jti-" + seq)))
                .setReason(RevocationReason.REVOCATION_REASON_COMPROMISED)
                .setWrite(WriteOptions.newBuilder().setRequestId("bench-" + runId + "-rv-" + seq))
                .build();
        return revocations[pickForWrite(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).revoke(req);
    }

    /**
     * Builds one check request per pre-created session ({@code sessionCount} of them) with the
     * given consistency; token checks use claims of never-revoked tokens. {@link #check} then sends them.
     */
    public void prepareChecks(String credential, long sessionCount, Consistency consistency, long minIndex) {
        checkRequests = buildChecks(credential, sessionCount, consistency, minIndex);
    }

    /**
     * An operation over its own prepared check requests (see {@link #prepareChecks}), so several check
     * workloads can be interleaved on one target without rebuilding their requests between runs.
     */
    public Operation checks(String credential, long sessionCount, Consistency consistency, long minIndex) {
        CheckRequest[] requests = buildChecks(credential, sessionCount, consistency, minIndex);
        return seq -> check(requests, seq);
    }

    /**
     * Like {@link #checks}, but every check goes to the endpoint at {@code node}: one client to one server,
     * the same shape as the bare gRPC echo it is compared with.
     */
    public Operation checksVia(int node, String credential, long sessionCount, Consistency consistency, long minIndex) {
        if (node < 0 || node >= check.length) {
            throw new IllegalArgumentException("node " + node + " is not one of the " + check.length + " endpoints");
        }
        CheckRequest[] requests = buildChecks(credential, sessionCount, consistency, minIndex);
        CheckServiceGrpc.CheckServiceFutureStub stub = check[node];
        return seq -> Futures.transform(
                stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).check(requests[(int) (seq % requests.length)]),
                BulwarkTarget::requireAllow, MoreExecutors.directExecutor());
    }

    /**
     * Bearer-JWT checks (LOCAL) of {@code GET /orders}, which the example bundle allows to role {@code reader}.
     * Of every 100 checks, {@code freshPercent} present a token no node has seen (the next one of {@code fresh}:
     * a signature verification), the rest cycle through {@code cached} (verified-token cache hits once each has
     * been seen). When {@code fresh} runs out, further fresh checks fail at once, counted as errors, rather than
     * quietly repeating a token (which would be a cache hit).
     */
    public Operation bearerChecks(String[] cached, String[] fresh, int freshPercent) {
        if (freshPercent < 0 || freshPercent > 100 || (freshPercent < 100 && cached.length == 0)) {
            throw new IllegalArgumentException("fresh percent must be 0-100, and cached tokens are needed below 100");
        }
        ReadOptions read = ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_LOCAL).build();
        RequestAttributes get = RequestAttributes.newBuilder().setMethod("GET").setPath("/orders").build();
        CheckRequest[] cachedRequests = bearerRequests(cached, get, read);
        CheckRequest[] freshRequests = bearerRequests(fresh, get, read);
        AtomicInteger nextFresh = new AtomicInteger();
        return seq -> {
            CheckRequest req;
            if (seq % 100 < freshPercent) {
                int i = nextFresh.getAndIncrement();
                if (i >= freshRequests.length) {
                    return Futures.immediateFailedFuture(new FreshTokensExhausted(freshRequests.length));
                }
                req = freshRequests[i];
            } else {
                req = cachedRequests[(int) (seq % cachedRequests.length)];
            }
            return Futures.transform(check[pick(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).check(req),
                    BulwarkTarget::requireAllow, MoreExecutors.directExecutor());
        };
    }

    private static CheckRequest[] bearerRequests(String[] tokens, RequestAttributes request, ReadOptions read) {
        CheckRequest[] out = new CheckRequest[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = CheckRequest.newBuilder().setBearerToken(tokens[i]).setRequest(request).setRead(read).build();
        }
        return out;
    }

    /** The run needed more never-seen tokens than were minted before it. */
    static final class FreshTokensExhausted extends RuntimeException {
        FreshTokensExhausted(int minted) {
            super("fresh-token pool exhausted after " + minted + " tokens: raise --fresh-tokens", null, false, false);
        }
    }

    private CheckRequest[] buildChecks(String credential, long sessionCount, Consistency consistency, long minIndex) {
        int n = (int) Math.min(sessionCount, 100_000);
        ReadOptions read = ReadOptions.newBuilder().setConsistency(consistency).setMinIndex(minIndex).build();
        long nowMs = System.currentTimeMillis();
        CheckRequest[] requests = new CheckRequest[n];
        for (int i = 0; i < n; i++) {
            CheckRequest.Builder b = CheckRequest.newBuilder().setRead(read);
            if ("token".equals(credential)) {
                b.setToken(TokenClaims.newBuilder().setIssuer("https://id.bench.test")
                        .setTokenId("bench-" + runId + "-live-" + i).setSubject("bench-user-" + i)
                        .setIssuedAtMs(nowMs - 1_000).setExpiresAtMs(nowMs + SESSION_TTL_MS));
            } else {
                b.setSessionId(sessionId(i));
            }
            requests[i] = b.build();
        }
        return requests;
    }

    /**
     * One check. A check that answers anything but ALLOW counts as an error: every prepared
     * credential is live, so a DENY means the run is not measuring the path it claims to.
     */
    public ListenableFuture<?> check(long seq) {
        return check(checkRequests, seq);
    }

    private ListenableFuture<?> check(CheckRequest[] requests, long seq) {
        CheckRequest req = requests[(int) (seq % requests.length)];
        return Futures.transform(
                check[pick(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).check(req),
                BulwarkTarget::requireAllow, MoreExecutors.directExecutor());
    }

    private static CheckResponse requireAllow(CheckResponse r) {
        if (r.getDecision() != Decision.DECISION_ALLOW) {
            throw new UnexpectedDecision(r.getReasonsCount() > 0 ? r.getReasons(0).name() : r.getDecision().name());
        }
        return r;
    }

    /** A check answered, but not with ALLOW. The message is the reason code (never a credential). */
    static final class UnexpectedDecision extends RuntimeException {
        UnexpectedDecision(String reason) {
            super(reason, null, false, false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel ch : channels) {
            ch.shutdown();
        }
        for (ManagedChannel ch : channels) {
            ch.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
