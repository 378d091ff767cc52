package io.bulwark.node.api;

import io.bulwark.api.v1.PolicyServiceGrpc;
import io.bulwark.node.config.NodeConfig;
import io.bulwark.node.raft.RaftNode;
import io.bulwark.node.read.LeaderContact;
import io.bulwark.node.write.CommandBatcher;
import io.bulwark.state.BulwarkState;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The public gRPC server of a node: the five Bulwark services behind the request size limit, plus
 * the standard health service. Runs on {@code directExecutor()}: services never block, and handing
 * each call to a pool halves throughput on a small box (LAB-NOTES).
 */
public final class ApiServer implements AutoCloseable {

    /** Identity writes are attributed to until callers authenticate (mTLS maps identities later). */
    static final String ANONYMOUS_ACTOR = "anonymous";
    /** Room for a forwarded batch's envelope on top of its commands (the sender's node id, framing). */
    private static final int FORWARD_OVERHEAD_BYTES = 64 << 10;

    private static final int DIGESTS_QUEUED = 4;

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    /**
     * State digests: one at a time (each pauses apply for a table scan), at most {@value #DIGESTS_QUEUED}
     * waiting; more are refused rather than queued without bound.
     */
    private final ThreadPoolExecutor digests = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(DIGESTS_QUEUED), r -> {
                final Thread t = new Thread(r, "state-digest");
                t.setDaemon(true);
                return t;
            });

    public ApiServer(NodeConfig config, BulwarkState state, RaftNode raft, CommandBatcher batcher,
                     LeaderContact leaderContact, ReadCoordinator reads, Clock clock, LongSupplier monotonicMs) {
        final EdgeCommands edge = new EdgeCommands(config.nodeId(), config.sessionTtlMin().toMillis(),
                config.sessionTtlMax().toMillis(), config.revocationRetentionDefault().toMillis());
        final WriteGateway writes = new WriteGateway(batcher);
        final ServiceContext ctx = new ServiceContext(state, edge, writes, reads, clock, config.nodeId(), ANONYMOUS_ACTOR);
        final RequestSizeLimit sizeLimit = new RequestSizeLimit(config.requestMaxBytes());
        // PushBundle alone carries a signed bundle; every other policy call keeps the common limit.
        final RequestSizeLimit policySizeLimit = new RequestSizeLimit(config.requestMaxBytes(), Map.of(
                PolicyServiceGrpc.getPushBundleMethod().getFullMethodName(),
                Math.max(config.requestMaxBytes(), PolicyApi.MAX_PUSH_REQUEST_BYTES)));
        health.setStatus("", ServingStatus.NOT_SERVING);
        this.server = NettyServerBuilder.forAddress(config.apiListen().toSocketAddress())
                .directExecutor()
                // Hard ceiling: beyond it the transport refuses to decode; below it the interceptor answers precisely.
                .maxInboundMessageSize(Math.max(Math.max(4 * config.requestMaxBytes(), 2 * PolicyApi.MAX_PUSH_REQUEST_BYTES),
                        config.writesBatchMaxBytes() + FORWARD_OVERHEAD_BYTES))
                .addService(ServerInterceptors.intercept(
                        new SessionApi(ctx), sizeLimit))
                .addService(ServerInterceptors.intercept(
                        new RevocationApi(ctx), sizeLimit))
                .addService(ServerInterceptors.intercept(
                        new CheckApi(state, reads, config.readsStaleMode(), clock, config.nodeId()), sizeLimit))
                .addService(ServerInterceptors.intercept(
                        new PolicyApi(ctx), policySizeLimit))
                .addService(ServerInterceptors.intercept(
                        new ClusterApi(raft, state, leaderContact, reads, monotonicMs, config.nodeId(), digests), sizeLimit,
                        LeaderForwarding.interceptor()))
                // Internal: a follower's batch is bounded by writes.batch.max.bytes, not by the per-request limit.
                .addService(new ForwardApi(batcher, raft::isLeader))
                .addService(health.getHealthService())
                .build();
    }

    public ApiServer start() throws IOException {
        server.start();
        return this;
    }

    public int port() {
        return server.getPort();
    }

    /** SERVING or NOT_SERVING for the whole server (service name ""). */
    public void setServing(boolean serving) {
        health.setStatus("", serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    /** Stops accepting calls; in-flight calls continue until {@link #awaitDrained}. */
    public void stopAccepting() {
        health.enterTerminalState();
        server.shutdown();
    }

    /** Waits up to {@code timeoutMs} for in-flight calls; true when all finished. */
    public boolean awaitDrained(long timeoutMs) throws InterruptedException {
        return server.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.shutdownNow();
        digests.shutdownNow();
    }
}
