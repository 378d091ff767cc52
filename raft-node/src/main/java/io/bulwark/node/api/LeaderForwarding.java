package io.bulwark.node.api;

import io.bulwark.api.v1.ErrorReason;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Passes an admin call a follower received on to the leader's API, once: the leader alone knows
 * which followers are live (the quorum check of a removal needs it). The forwarded call carries a
 * header naming the forwarding node; a node that receives a forwarded call while not leading answers
 * UNAVAILABLE NO_LEADER (leadership moved; the caller retries) rather than forwarding again, so a
 * call never circles between nodes.
 *
 * <p>A channel per forwarded call: membership changes are rare operator actions, not a hot path.
 */
final class LeaderForwarding {

    static final Metadata.Key<String> FORWARDED_BY =
            Metadata.Key.of("bulwark-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> FORWARDED_BY_CONTEXT = Context.key("bulwark-forwarded-by");

    private final String selfId;

    LeaderForwarding(String selfId) {
        this.selfId = selfId;
    }

    /** Puts the forwarding header, when present, where {@link #wasForwarded()} finds it. */
    static ServerInterceptor interceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                final String by = headers.get(FORWARDED_BY);
                if (by == null) {
                    return next.startCall(call, headers);
                }
                return Contexts.interceptCall(Context.current().withValue(FORWARDED_BY_CONTEXT, by), call, headers, next);
            }
        };
    }

    /** Whether the current call was forwarded by another member. */
    static boolean wasForwarded() {
        return FORWARDED_BY_CONTEXT.get() != null;
    }

    /** The error for a forwarded call that reached a node that no longer leads. */
    static ApiException leadershipMoved() {
        return new ApiException(Status.Code.UNAVAILABLE, ErrorReason.NO_LEADER,
                "this node no longer leads; retry the request");
    }

    /** Sends {@code request} to the API at {@code leaderAddress} and completes with its answer. */
    <Q, R> CompletableFuture<R> forward(String leaderAddress, MethodDescriptor<Q, R> method, Q request,
                                        long deadlineMs) {
        final ManagedChannel channel = NettyChannelBuilder.forTarget(leaderAddress).usePlaintext().build();
        final Metadata headers = new Metadata();
        headers.put(FORWARDED_BY, selfId);
        final CompletableFuture<R> result = new CompletableFuture<>();
        try {
            final io.grpc.Channel withHeader = io.grpc.ClientInterceptors.intercept(channel,
                    MetadataUtils.newAttachHeadersInterceptor(headers));
            final com.google.common.util.concurrent.ListenableFuture<R> f = ClientCalls.futureUnaryCall(
                    withHeader.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)),
                    request);
            f.addListener(() -> {
                try {
                    result.complete(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    result.completeExceptionally(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    result.completeExceptionally(e);
                } finally {
                    channel.shutdown();
                }
            }, Runnable::run);
        } catch (RuntimeException e) {
            channel.shutdownNow();
            result.completeExceptionally(e);
        }
        return result;
    }
}
