package io.bulwark.client;

import io.grpc.Channel;
import io.grpc.ManagedChannel;

/**
 * One node's public API: its channel and its health mark.
 *
 * <p>Health is a single volatile deadline: the endpoint is skipped until {@code unhealthyUntilNanos}. A racing
 * mark from two calls is harmless (either value is a sensible cool-down).
 */
final class Endpoint {
    private final String address;
    private final int slot;
    private final ManagedChannel managedChannel;
    private final Channel channel;
    private volatile long unhealthyUntilNanos;
    private volatile boolean everMarked;

    Endpoint(final String address, final int slot, final ManagedChannel managedChannel, final Channel channel) {
        this.address = address;
        this.slot = slot;
        this.managedChannel = managedChannel;
        this.channel = channel;
    }

    String address() {
        return address;
    }

    /** Position in the client's endpoint list, or -1 for a member discovered through cluster status. */
    int slot() {
        return slot;
    }

    Channel channel() {
        return channel;
    }

    ManagedChannel managedChannel() {
        return managedChannel;
    }

    boolean isHealthy(final long nowNanos) {
        return !everMarked || nowNanos - unhealthyUntilNanos >= 0;
    }

    long unhealthyUntilNanos() {
        return unhealthyUntilNanos;
    }

    void markUnhealthy(final long untilNanos) {
        unhealthyUntilNanos = untilNanos;
        everMarked = true;
    }

    void markHealthy() {
        if (everMarked) {
            everMarked = false;
        }
    }

    @Override
    public String toString() {
        return address;
    }
}
