package io.bulwark.bench.recovery;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.TokenRef;
import io.grpc.ManagedChannel;
import io.grpc.Status;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * Loads sessions and token revocations through the normal write path: one gRPC write per row,
 * {@code inFlight} outstanding, sent to the leader so the node's group commit packs them into
 * large Raft entries (writes.batch.max.commands per entry). Without request ids: the rows are all
 * distinct, and the request-id ledger is a separate, retention-bounded table whose size depends on
 * the write rate, not on the number of rows held. Failed writes are retried in up to
 * {@link #RETRY_ROUNDS} later rounds; what still fails is reported, never hidden.
 */
final class BulkLoader {
    static final long SESSION_TTL_MS = Duration.ofHours(6).toMillis();
    static final String ISSUER = "https://id.scale.test";
    private static final int RETRY_ROUNDS = 3;

    private final int inFlight;
    private final Duration deadline;
    private final Duration timeLimit;

    /** One load's outcome: rows written, errors left after retries, seconds, rows per second. */
    record Result(String table, long rows, long failed, double seconds, Map<String, Long> errors) {
        double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : 0;
        }
    }

    BulkLoader(int inFlight, Duration deadline, Duration timeLimit) {
        this.inFlight = inFlight;
        this.deadline = deadline;
        this.timeLimit = timeLimit;
    }

    static String sessionId(long i) {
        return "scale-session-" + i + "-0123456789abcdef";
    }

    /** Sessions {@code from .. to-1} through {@code channel} (the leader's). */
    Result sessions(ManagedChannel channel, long from, long to) throws InterruptedException {
        SessionServiceGrpc.SessionServiceFutureStub stub = SessionServiceGrpc.newFutureStub(channel);
        return run("sessions", from, to, i -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .createSession(CreateSessionRequest.newBuilder().setSessionId(sessionId(i))
                        .setSubject("scale-user-" + (i % 100_000)).setTtlMs(SESSION_TTL_MS).build()));
    }

    /** Token revocations {@code from .. to-1} through {@code channel} (the leader's). */
    Result revocations(ManagedChannel channel, long from, long to) throws InterruptedException {
        RevocationServiceGrpc.RevocationServiceFutureStub stub = RevocationServiceGrpc.newFutureStub(channel);
        return run("revocations", from, to, i -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .revoke(RevokeRequest.newBuilder().setTarget(RevocationTarget.newBuilder().setToken(
                                TokenRef.newBuilder().setIssuer(ISSUER).setTokenId("scale-jti-" + i)))
                        .setReason(RevocationReason.REVOCATION_REASON_LOGOUT).build()));
    }

    private Result run(String table, long from, long to, LongFunction<ListenableFuture<?>> write) throws InterruptedException {
        long start = System.nanoTime();
        long limit = start + timeLimit.toNanos();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> failed = new ConcurrentLinkedQueue<>();
        LongAdder ok = new LongAdder();
        Semaphore window = new Semaphore(inFlight);
        AtomicLong progressAt = new AtomicLong(from);
        for (long i = from; i < to && System.nanoTime() < limit; i++) {
            issue(write, i, window, ok, failed, errors);
            if (i - progressAt.get() >= 250_000) {
                progressAt.set(i);
                System.out.printf("  %s: %,d of %,d issued, %.0f/s%n", table, i - from, to - from,
                        ok.sum() / ((System.nanoTime() - start) / 1e9));
            }
        }
        drain(window);
        for (int round = 0; round < RETRY_ROUNDS && !failed.isEmpty() && System.nanoTime() < limit; round++) {
            ConcurrentLinkedQueue<Long> again = new ConcurrentLinkedQueue<>(failed);
            failed.clear();
            for (Long i : again) {
                issue(write, i, window, ok, failed, errors);
            }
            drain(window);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = ok.sum();
        long missing = (to - from) - rows;
        System.out.printf("  %s: %,d written in %.1f s (%.0f/s), %,d not written; errors seen %s%n",
                table, rows, seconds, rows / seconds, missing, errors);
        return new Result(table, rows, missing, seconds, errors);
    }

    private static void issue(LongFunction<ListenableFuture<?>> write, long i, Semaphore window, LongAdder ok,
                              ConcurrentLinkedQueue<Long> failed, Map<String, Long> errors) throws InterruptedException {
        window.acquire();
        Futures.addCallback(write.apply(i), new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object result) {
                ok.increment();
                window.release();
            }

            @Override
            public void onFailure(Throwable t) {
                errors.merge(Status.fromThrowable(t).getCode().name(), 1L, Long::sum);
                failed.add(i);
                window.release();
            }
        }, MoreExecutors.directExecutor());
    }

    private void drain(Semaphore window) throws InterruptedException {
        if (!window.tryAcquire(inFlight, deadline.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("writes still outstanding long after their deadline");
        }
        window.release(inFlight);
    }
}
