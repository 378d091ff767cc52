package io.bulwark.client;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's channels, one per endpoint, and the choice of endpoint for each attempt.
 *
 * <p>Configured endpoints form the failover rotation. Members discovered through cluster status (an address
 * the client was not configured with) get a channel too, used only by calls pinned to that member.
 */
final class EndpointPool {
    /** Header carrying the caller's name for audit. */
    static final Metadata.Key<String> ACTOR_HEADER = Metadata.Key.of("bulwark-actor", Metadata.ASCII_STRING_MARSHALLER);

    private final Endpoint[] rotation;
    private final ConcurrentHashMap<String, Endpoint> byAddress = new ConcurrentHashMap<>();
    private final EndpointSelection selection;
    private final String actor;
    private final AtomicInteger cursor = new AtomicInteger();
    private volatile boolean closed;

    EndpointPool(final List<String> addresses, final EndpointSelection selection, final String actor) {
        this.selection = selection;
        this.actor = actor;
        rotation = new Endpoint[addresses.size()];
        for (int i = 0; i < rotation.length; i++) {
            rotation[i] = open(addresses.get(i), i);
            byAddress.put(rotation[i].address(), rotation[i]);
        }
    }

    private Endpoint open(final String address, final int slot) {
        // Plaintext for now; TLS credentials slot in here when the node serves mTLS.
        final ManagedChannel managed = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
        Channel channel = managed;
        if (!actor.isEmpty()) {
            final Metadata headers = new Metadata();
            headers.put(ACTOR_HEADER, actor);
            channel = ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return new Endpoint(address, slot, managed, channel);
    }

    int size() {
        return rotation.length;
    }

    List<Endpoint> configured() {
        return List.of(rotation);
    }

    /** The endpoint for {@code address}: a configured one, or a channel opened (once) for a discovered member. */
    Endpoint forAddress(final String address) {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
        final Endpoint known = byAddress.get(address);
        return known != null ? known : byAddress.computeIfAbsent(address, a -> open(a, -1));
    }

    /**
     * Chooses the endpoint of the next attempt: a healthy endpoint not yet tried in this call, else any healthy
     * one, else (all are cooling down) the one whose cool-down ends first, so a call is never refused untried.
     *
     * @param nowNanos   the current {@code System.nanoTime()}
     * @param triedMask  bit i set when rotation slot i was already tried in this call
     */
    Endpoint pick(final long nowNanos, final long triedMask) {
        final int n = rotation.length;
        final int start = selection == EndpointSelection.ROUND_ROBIN && triedMask == 0
            ? Math.floorMod(cursor.getAndIncrement(), n)
            : Math.floorMod(cursor.get(), n);
        Endpoint healthyTried = null;
        Endpoint soonest = null;
        for (int k = 0; k < n; k++) {
            final Endpoint e = rotation[(start + k) % n];
            if (e.isHealthy(nowNanos)) {
                if ((triedMask & (1L << e.slot())) == 0) {
                    return stick(e);
                }
                if (healthyTried == null) {
                    healthyTried = e;
                }
            } else if (soonest == null || e.unhealthyUntilNanos() - soonest.unhealthyUntilNanos() < 0) {
                soonest = e;
            }
        }
        return stick(healthyTried != null ? healthyTried : soonest);
    }

    /** Whether some healthy endpoint of the rotation has not been tried in this call yet. */
    boolean hasHealthyUntried(final long nowNanos, final long triedMask) {
        for (final Endpoint e : rotation) {
            if ((triedMask & (1L << e.slot())) == 0 && e.isHealthy(nowNanos)) {
                return true;
            }
        }
        return false;
    }

    private Endpoint stick(final Endpoint e) {
        if (selection == EndpointSelection.STICKY) {
            cursor.set(e.slot());
        }
        return e;
    }

    /** Shuts every channel down, waiting up to {@code waitMs} in total for in-flight calls. */
    void close(final long waitMs) {
        closed = true;
        final List<ManagedChannel> channels = new ArrayList<>();
        for (final Endpoint e : byAddress.values()) {
            channels.add(e.managedChannel());
            e.managedChannel().shutdown();
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        for (final ManagedChannel c : channels) {
            try {
                final long left = deadline - System.nanoTime();
                if (left <= 0 || !c.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    c.shutdownNow();
                }
            } catch (final InterruptedException e) {
                c.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
