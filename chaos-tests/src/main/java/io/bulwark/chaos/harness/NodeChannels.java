package io.bulwark.chaos.harness;

import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One plaintext gRPC channel per node, to the node's published API port. Workers take the channel
 * per call, so a restarted node (whose published port may have moved) is reached again after
 * {@link #reconnect}. Thread-safe.
 */
public final class NodeChannels implements AutoCloseable {
    /** Where a node's API is reachable from the test JVM. */
    public record Endpoint(String host, int port) {
    }

    private final List<String> nodes;
    private final Function<String, Endpoint> resolver;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    NodeChannels(List<String> nodes, Function<String, Endpoint> resolver) {
        this.nodes = List.copyOf(nodes);
        this.resolver = resolver;
    }

    /** The node's channel, opened on first use; null while the node has no published port (killed). */
    public ManagedChannel channel(String node) {
        if (!nodes.contains(node)) {
            throw new IllegalArgumentException("no node " + node);
        }
        ManagedChannel existing = channels.get(node);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            existing = channels.get(node);
            if (existing != null) {
                return existing;
            }
            Endpoint e;
            try {
                e = resolver.apply(node);
            } catch (RuntimeException ex) {
                return null;
            }
            if (e == null) {
                return null;
            }
            ManagedChannel c = NettyChannelBuilder.forAddress(e.host(), e.port()).usePlaintext().build();
            channels.put(node, c);
            return c;
        }
    }

    /** Drops the node's channel (after a kill: its port is gone). */
    public synchronized void disconnect(String node) {
        ManagedChannel c = channels.remove(node);
        if (c != null) {
            c.shutdownNow();
        }
    }

    /** Drops the node's channel so the next call resolves its (possibly new) port. */
    public void reconnect(String node) {
        disconnect(node);
    }

    /**
     * The leader id the node reports in Status ("" when it knows none), or null when it does not answer
     * within one second.
     */
    public String leaderSeenBy(String node) {
        StatusResponse s = status(node, 1000);
        return s == null ? null : s.getLeaderId();
    }

    /** The node's Status, or null if it does not answer within {@code timeoutMs}. */
    public StatusResponse status(String node, long timeoutMs) {
        ManagedChannel c = channel(node);
        if (c == null) {
            return null;
        }
        try {
            return ClusterServiceGrpc.newBlockingStub(c).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow();
        }
        channels.clear();
    }
}
