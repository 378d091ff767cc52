package io.bulwark.bench.peers;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Client of the {@link EchoServer}, with the same channel settings as the Bulwark and etcd targets.
 * The request carries {@value #PAYLOAD_BYTES} bytes, about the size of a session check request.
 */
public final class EchoTarget implements AutoCloseable {
    static final int PAYLOAD_BYTES = 48;
    private static final BytesValue REQUEST = BytesValue.of(ByteString.copyFrom(new byte[PAYLOAD_BYTES]));

    private final ManagedChannel channel;
    private final long deadlineMs;

    public EchoTarget(String hostPort, Duration deadline) {
        channel = NettyChannelBuilder.forTarget(hostPort).usePlaintext().directExecutor().build();
        deadlineMs = deadline.toMillis();
    }

    public ListenableFuture<?> echo(long seq) {
        return ClientCalls.futureUnaryCall(channel.newCall(EchoService.ECHO,
                CallOptions.DEFAULT.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)), REQUEST);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdown();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }
}
