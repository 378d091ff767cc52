package io.bulwark.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Which configured endpoint the client believes is the Raft leader, so that a write's first attempt goes
 * straight to it. Any node accepts a write and forwards it to the leader, so a wrong or missing hint costs a
 * hop, never correctness; what the hint saves is the follower's forward call and the wait for it (on a
 * 2-core box, revokes at 64 in flight ran about 1.6 times faster sent to the leader than spread: see
 * docs/PERFORMANCE.md).
 *
 * <p>The hint is looked up lazily: a write that finds it unknown, or older than the refresh interval, starts
 * one lookup in the background (never more than one at a time) and goes on with the hint it has. A lookup asks
 * the configured endpoints' {@code ClusterService.Status} in turn, one attempt each with the attempt timeout,
 * until one either reports itself leader or names a leader whose API address is one of the configured
 * endpoints. Addresses the client was not configured with are never used: the operator decides what the client
 * may reach. A write that fails at the hinted leader with {@code UNAVAILABLE} or a timeout clears the hint, and
 * the next write looks it up again.
 *
 * <p>Thread-safe: the hint is one volatile field; a lookup's result replaces it whole.
 */
final class LeaderHint {
    private static final StatusRequest STATUS = StatusRequest.getDefaultInstance();

    private final List<Endpoint> endpoints;
    private final long refreshNanos;
    private final long attemptTimeoutNanos;
    private final LongSupplier nanoClock;
    private final AtomicBoolean lookingUp = new AtomicBoolean();
    private volatile Endpoint leader;
    /** When the latest lookup started; a new one starts once refreshNanos have passed (or the hint was cleared). */
    private volatile long lookedUpAtNanos;
    private volatile boolean lookupDue = true;

    LeaderHint(final List<Endpoint> endpoints, final long refreshNanos, final long attemptTimeoutNanos,
               final LongSupplier nanoClock) {
        this.endpoints = List.copyOf(endpoints);
        this.refreshNanos = refreshNanos;
        this.attemptTimeoutNanos = attemptTimeoutNanos;
        this.nanoClock = nanoClock;
    }

    /**
     * The endpoint a write's first attempt should go to, or null (unknown, or cooling down after a failure):
     * then the write takes the usual rotation. Starts a lookup when one is due.
     */
    Endpoint forWrite(final long nowNanos) {
        if (lookupDue || nowNanos - lookedUpAtNanos >= refreshNanos) {
            lookUp(nowNanos);
        }
        final Endpoint l = leader;
        return l != null && l.isHealthy(nowNanos) ? l : null;
    }

    /** Called when a write at {@code endpoint} failed in a way that suggests the node is gone or not serving. */
    void failed(final Endpoint endpoint) {
        if (endpoint == leader) {
            leader = null;
            lookupDue = true;
        }
    }

    private void lookUp(final long nowNanos) {
        if (!lookingUp.compareAndSet(false, true)) {
            return;
        }
        lookedUpAtNanos = nowNanos;
        lookupDue = false;
        ask(0);
    }

    /** Asks endpoint {@code i}; on no answer, or an answer that does not settle it, asks the next one. */
    private void ask(final int i) {
        if (i >= endpoints.size()) {
            finish(null);
            return;
        }
        final Endpoint e = endpoints.get(i);
        final CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(attemptTimeoutNanos, TimeUnit.NANOSECONDS);
        try {
            Futures.addCallback(ClientCalls.futureUnaryCall(
                e.channel().newCall(ClusterServiceGrpc.getStatusMethod(), options), STATUS),
                new FutureCallback<StatusResponse>() {
                    @Override
                    public void onSuccess(final StatusResponse status) {
                        final Endpoint found = leaderFrom(e, status);
                        if (found != null) {
                            finish(found);
                        } else {
                            ask(i + 1);
                        }
                    }

                    @Override
                    public void onFailure(final Throwable t) {
                        ask(i + 1);
                    }
                }, MoreExecutors.directExecutor());
        } catch (final RuntimeException closed) {
            // A shut-down channel throws instead of failing the future: the client is closing.
            finish(null);
        }
    }

    /** The configured endpoint {@code status} (answered by {@code from}) points at as leader, or null. */
    private Endpoint leaderFrom(final Endpoint from, final StatusResponse status) {
        if (status.getRole() == NodeRole.NODE_ROLE_LEADER) {
            return from;
        }
        if (status.getLeaderId().isEmpty()) {
            return null;
        }
        for (final Member m : status.getMembersList()) {
            if (m.getNodeId().equals(status.getLeaderId())) {
                for (final Endpoint e : endpoints) {
                    if (e.address().equals(m.getApiAddress())) {
                        return e;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private void finish(final Endpoint found) {
        leader = found;
        if (found == null) {
            // Nothing settled (an election, or nodes that do not answer Status): try again after the interval,
            // counted from now rather than from the start of a lookup that may have waited on timeouts.
            lookedUpAtNanos = nanoClock.getAsLong();
        }
        lookingUp.set(false);
    }
}
