package io.bulwark.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs one logical call as a bounded series of attempts: endpoint choice, per-attempt and overall deadlines,
 * retry decision by status code, health marking and jittered exponential back-off.
 *
 * <p>The request is built once by the caller and sent unchanged by every attempt, so a write's request id is
 * the same on every retry.
 */
final class CallRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);

    private final EndpointPool pool;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final int maxRetries;
    private final long defaultDeadlineNanos;
    private final long attemptTimeoutNanos;
    private final long cooldownNanos;
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    /** Where writes start, or null when the client spreads writes like reads. */
    private final LeaderHint leaderHint;

    CallRunner(final EndpointPool pool, final ClientConfig config, final ScheduledExecutorService scheduler,
               final LongSupplier nanoClock) {
        this.pool = pool;
        this.leaderHint = config.writesToLeader()
            ? new LeaderHint(pool.configured(), config.leaderRefresh().toNanos(), config.attemptTimeout().toNanos(),
                nanoClock)
            : null;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.maxRetries = config.maxRetries();
        this.defaultDeadlineNanos = config.defaultDeadline().toNanos();
        this.attemptTimeoutNanos = config.attemptTimeout().toNanos();
        this.cooldownNanos = config.unhealthyCooldown().toNanos();
        this.initialBackoffNanos = config.initialBackoff().toNanos();
        this.maxBackoffNanos = config.maxBackoff().toNanos();
    }

    /** Runs a call over the endpoint rotation with the client's default deadline. */
    <Q, R> CompletableFuture<R> call(final String operation, final MethodDescriptor<Q, R> method, final Q request,
                                     final CallKind kind) {
        return call(operation, method, request, kind, null, null, maxRetries);
    }

    /**
     * Runs a call.
     *
     * @param pinned   the only endpoint to use, or null for the rotation with failover
     * @param deadline overall deadline, or null for the client's default
     * @param retries  retries allowed after the first attempt
     */
    <Q, R> CompletableFuture<R> call(final String operation, final MethodDescriptor<Q, R> method, final Q request,
                                     final CallKind kind, final Endpoint pinned, final Duration deadline,
                                     final int retries) {
        final long budget = deadline == null ? defaultDeadlineNanos : deadline.toNanos();
        final Call<Q, R> call = new Call<>(operation, method, request, kind, pinned, nanoClock.getAsLong() + budget,
            retries);
        call.attempt();
        return call.result;
    }

    /**
     * {@code source.thenApply(fn)}, except that cancelling the returned future also cancels {@code source} (and so
     * the attempt in flight): a plain dependent stage would leave the RPC running.
     */
    static <A, B> CompletableFuture<B> map(final CompletableFuture<A> source, final Function<A, B> fn) {
        final CompletableFuture<B> mapped = source.thenApply(fn);
        mapped.whenComplete((r, t) -> {
            if (mapped.isCancelled()) {
                source.cancel(true);
            }
        });
        return mapped;
    }

    /** Equal-jitter exponential back-off before retry number {@code retry} (1-based). */
    long backoffNanos(final int retry) {
        final int shift = Math.min(retry - 1, 30);
        final long base = Math.min(maxBackoffNanos, initialBackoffNanos << shift < 0 ? maxBackoffNanos
            : initialBackoffNanos << shift);
        final long half = base / 2;
        return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    }

    /** The state of one logical call. Attempts never overlap; fields are volatile as attempts hop threads. */
    private final class Call<Q, R> implements FutureCallback<R> {
        final String operation;
        final MethodDescriptor<Q, R> method;
        final Q request;
        final CallKind kind;
        final Endpoint pinned;
        final long deadlineNanos;
        final int retries;
        final CompletableFuture<R> result = new CompletableFuture<>();
        volatile ListenableFuture<R> inFlight;
        volatile Endpoint current;
        volatile int attempts;
        volatile long triedMask;

        Call(final String operation, final MethodDescriptor<Q, R> method, final Q request, final CallKind kind,
             final Endpoint pinned, final long deadlineNanos, final int retries) {
            this.operation = operation;
            this.method = method;
            this.request = request;
            this.kind = kind;
            this.pinned = pinned;
            this.deadlineNanos = deadlineNanos;
            this.retries = retries;
            result.whenComplete((r, t) -> {
                final ListenableFuture<R> f = inFlight;
                if (result.isCancelled() && f != null) {
                    f.cancel(true);
                }
            });
        }

        /** A write's first attempt goes to the leader when the client knows it; everything else takes the rotation. */
        private Endpoint pickUnpinned(final long now) {
            if (attempts == 0 && kind.isWrite() && leaderHint != null) {
                final Endpoint leader = leaderHint.forWrite(now);
                if (leader != null) {
                    return leader;
                }
            }
            return pool.pick(now, triedMask);
        }

        void attempt() {
            if (result.isDone()) {
                return;
            }
            final long now = nanoClock.getAsLong();
            final long remaining = deadlineNanos - now;
            if (remaining <= 0) {
                fail(Status.DEADLINE_EXCEEDED.withDescription("deadline expired before attempt "
                    + (attempts + 1)).asRuntimeException());
                return;
            }
            final Endpoint endpoint = pinned != null ? pinned : pickUnpinned(now);
            current = endpoint;
            attempts++;
            if (endpoint.slot() >= 0) {
                triedMask |= 1L << endpoint.slot();
            }
            final CallOptions options = CallOptions.DEFAULT
                .withDeadlineAfter(Math.min(remaining, attemptTimeoutNanos), TimeUnit.NANOSECONDS);
            final ListenableFuture<R> f;
            try {
                f = ClientCalls.futureUnaryCall(endpoint.channel().newCall(method, options), request);
            } catch (final RuntimeException e) {
                // A shut-down channel throws here rather than failing the future.
                fail(Status.UNAVAILABLE.withDescription("client is closed").withCause(e).asRuntimeException());
                return;
            }
            inFlight = f;
            if (result.isCancelled()) {
                f.cancel(true);
                return;
            }
            Futures.addCallback(f, this, MoreExecutors.directExecutor());
        }

        @Override
        public void onSuccess(final R response) {
            current.markHealthy();
            result.complete(response);
        }

        @Override
        public void onFailure(final Throwable failure) {
            if (result.isDone()) {
                return;
            }
            final Status.Code code = Status.fromThrowable(failure).getCode();
            final long now = nanoClock.getAsLong();
            final Endpoint endpoint = current;
            if (code == Status.Code.UNAVAILABLE || (code == Status.Code.DEADLINE_EXCEEDED && now - deadlineNanos < 0)) {
                endpoint.markUnhealthy(now + cooldownNanos);
                if (leaderHint != null) {
                    leaderHint.failed(endpoint);
                }
            }
            if (!kind.retriable(code) || attempts > retries) {
                fail(failure);
                return;
            }
            final long delay = pinned == null && pool.hasHealthyUntried(now, triedMask) ? 0 : backoffNanos(attempts);
            if (now + delay - deadlineNanos >= 0) {
                fail(failure);
                return;
            }
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} attempt {} to {} failed with {}; retrying in {} ms", operation, attempts, endpoint, code,
                    TimeUnit.NANOSECONDS.toMillis(delay));
            }
            if (delay == 0) {
                attempt();
                return;
            }
            try {
                scheduler.schedule(this::attempt, delay, TimeUnit.NANOSECONDS);
            } catch (final RejectedExecutionException closed) {
                fail(failure);
            }
        }

        private void fail(final Throwable failure) {
            final Endpoint endpoint = current;
            result.completeExceptionally(ErrorDetails.toException(operation, failure,
                endpoint == null ? "" : endpoint.address(), attempts));
        }
    }
}
